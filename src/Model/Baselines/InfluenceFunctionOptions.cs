namespace UnlearnRec.Model.Baselines;

/// <summary>Settings of <see cref="InfluenceFunctionMethod"/>.</summary>
public sealed record InfluenceFunctionOptions
{
    /// <summary>Maximum conjugate-gradient iterations (one Hessian-vector product each).</summary>
    public int Iterations { get; init; } = 50;

    /// <summary>
    /// Damping δ relative to the mean curvature κ = zᵀHz / zᵀz along a random Rademacher direction z: the solver
    /// inverts H + δ·κ·I. The curvature of a trained embedding table is very uneven (saturated BPR terms, the rotation
    /// symmetry of dot products), so an undamped step explodes; on the synthetic adversarial benchmark δ = 0.01–1 gave
    /// steps of 8–365 × ‖E0‖ and destroyed Recall, δ = 10 converged in about 20 iterations to a step of ≈ ‖E0‖ that
    /// pushed the forgotten edges below the random non-edges while improving Recall, δ ≥ 30 barely moved E0.
    /// </summary>
    public double Damping { get; init; } = 10;

    /// <summary>Curvature matrix the Newton step inverts.</summary>
    public InfluenceCurvature Curvature { get; init; } = InfluenceCurvature.GaussNewton;

    /// <summary>
    /// Whether the right-hand side includes the effect of the graph change on every other training term (GIF):
    /// b = ∇L_orig(E0) − ∇L_r(E0). Without it b is the gradient of the request's own BPR terms on the original graph
    /// (the classic influence function of removed training points).
    /// </summary>
    public bool NeighbourEffect { get; init; } = true;

    /// <summary>Multiplier of the Newton step (GIF's "scale"; 1 = the plain one-step Newton update).</summary>
    public double StepScale { get; init; } = 1.0;

    /// <summary>Conjugate-gradient stop: relative residual ‖r‖/‖b‖.</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>BPR triples per chunk of the full-batch loss (bounds memory).</summary>
    public int ChunkSize { get; init; } = 65_536;

    /// <summary>Seed of the fixed negatives and of the curvature probe.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (Iterations is < 1 or > 10_000)
        {
            throw new ArgumentException($"influence-function iterations must be in 1..10000 (got {Iterations})");
        }

        if (!(Damping >= 0) || !(StepScale > 0) || !(Tolerance > 0) || ChunkSize < 1)
        {
            throw new ArgumentException("influence-function damping must be >= 0, step scale and tolerance > 0, chunk >= 1");
        }
    }
}
