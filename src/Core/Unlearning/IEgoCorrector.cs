namespace UnlearnRec.Core.Unlearning;

/// <summary>
/// The model-specific step of unlearning: maps the forgotten set to corrected 0-layer embeddings Ẽ0, which the
/// engine then propagates on the residual graph. The Influence Encoder's zero-shot forward is one implementation;
/// <see cref="ResidualOnlyCorrector"/> (Ẽ0 = E0, i.e. only the graph changes) is the control of method.md §7.2.
/// Called only on the engine's thread, one call at a time.
/// </summary>
public interface IEgoCorrector
{
    /// <summary>Short name for logs and status ("influence-encoder", "residual-only").</summary>
    string Name { get; }

    /// <summary>Fraction of training edges the corrector was built to handle; beyond it a retrain is advised.</summary>
    double MaxForgetRatio { get; }

    /// <summary>Zero-shot correction: Ẽ0 (N×dim) for the state's cumulative forgotten set.</summary>
    float[] Correct(UnlearningState state);

    /// <summary>
    /// As <see cref="Correct(UnlearningState)"/>, but a corrector that builds a new array per call may write into
    /// <paramref name="buffer"/> (an N×dim array the caller owns and no longer reads) and return it. The default ignores
    /// the buffer.
    /// </summary>
    float[] Correct(UnlearningState state, float[]? buffer) => Correct(state);

    /// <summary>
    /// Consolidation (fine-tuning). Returns refined Ẽ0, or null if this corrector cannot fine-tune.
    /// Later <see cref="Correct(UnlearningState)"/> calls build on what consolidation learned.
    /// </summary>
    float[]? Consolidate(UnlearningState state, CancellationToken cancellationToken);
}
