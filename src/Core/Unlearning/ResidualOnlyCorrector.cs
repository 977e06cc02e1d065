namespace UnlearnRec.Core.Unlearning;

/// <summary>
/// Leaves E0 unchanged: unlearning then only removes the edges from the propagation graph. This is the
/// "residual-graph only" control (method.md §7.2/§8) and the engine's fallback when a bundle has no encoder.
/// </summary>
public sealed class ResidualOnlyCorrector : IEgoCorrector
{
    /// <inheritdoc />
    public string Name => "residual-only";

    /// <inheritdoc />
    public double MaxForgetRatio => 1.0;

    /// <inheritdoc />
    public float[] Correct(UnlearningState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Ego;
    }

    /// <inheritdoc />
    public float[]? Consolidate(UnlearningState state, CancellationToken cancellationToken) => null;
}
