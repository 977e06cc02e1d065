namespace UnlearnRec.Model.Influence;

/// <summary>
/// Influence Encoder architecture and pre-training settings (method.md §3–§4). Defaults follow the §9
/// recommendations and the "Default [C]" column of §4.2; the number of IE layers is always the backbone's L (A16).
/// Epoch count and the per-epoch batch cap are deliberately small so pre-training stays practical on a CPU.
/// </summary>
public sealed record EncoderOptions
{
    /// <summary>Global withdraw scale α (A2).</summary>
    public double Alpha { get; init; } = 0.1;

    /// <summary>Negative slope s of the LeakyReLU after every MLP layer (0.99 default; 0.5 in the authors' ML-1M runs).</summary>
    public double Slope { get; init; } = 0.99;

    /// <summary>MLP layers K (d×d each, initialised to W = I, b = 0).</summary>
    public int MlpLayers { get; init; } = 2;

    /// <summary>
    /// IEM readout: false sums H⁰..Hᴸ (the authors' code, A1 default), true keeps only Hᴸ (the third-party reading).
    /// </summary>
    public bool ReadoutLastOnly { get; init; }

    /// <summary>Initial value of every η entry (A2: 0.002 = 2·lr in the authors' code).</summary>
    public double EtaInit { get; init; } = 0.002;

    /// <summary>Fraction ρ_pre of training edges in every simulated request (§4.1).</summary>
    public double RhoPre { get; init; } = 0.1;

    /// <summary>A new simulated request is drawn every this many epochs (§4.1 sim_epoch).</summary>
    public int SimEpoch { get; init; } = 5;

    /// <summary>Weight λ_u of the unlearning loss L_u.</summary>
    public double LambdaU { get; init; } = 0.5;

    /// <summary>Weight λ_p of the preservation loss L_p (calibrated for a sum over the batch, A4).</summary>
    public double LambdaP { get; init; } = 0.02;

    /// <summary>Temperature τ_p of L_p.</summary>
    public double TauP { get; init; } = 10;

    /// <summary>Weight λ_c of the contrastive regulariser L_c.</summary>
    public double LambdaC { get; init; } = 1e-3;

    /// <summary>Temperature τ_c of L_c.</summary>
    public double TauC { get; init; } = 1.0;

    /// <summary>Keep probability of each Â_Δ value in L_c's perturbed view.</summary>
    public double ContrastKeep { get; init; } = 0.95;

    /// <summary>Adam learning rate of pre-training.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Pre-training epochs.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>BPR triples per pre-training step (L_p's in-batch softmax runs over this many pairs).</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>
    /// Cap on minibatches per pre-training epoch. Every step propagates the whole graph, so the step count, not the
    /// batch size, sets the cost; the cap keeps an epoch to a fraction of a pass over E_r.
    /// </summary>
    public int MaxBatchesPerEpoch { get; init; } = 50;

    /// <summary>Seed of simulated requests, batches, views and the held-out request.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Fraction of training edges in the held-out simulated request used for checkpoint selection (A8); 0 means
    /// <see cref="RhoPre"/>.
    /// </summary>
    public double HoldoutRatio { get; init; }

    /// <summary>
    /// Recall guard of checkpoint selection: a checkpoint is eligible only if its held-out Recall@K is at least this
    /// fraction of the untrained encoder's (A8; the authors' code used 0.5).
    /// </summary>
    public double RecallGuard { get; init; } = 0.9;

    /// <summary>Ranking cut-off K of the Recall guard.</summary>
    public int TopK { get; init; } = 20;

    /// <summary>The held-out request ratio in effect.</summary>
    public double EffectiveHoldoutRatio => HoldoutRatio > 0 ? HoldoutRatio : RhoPre;

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }

        Check(Alpha >= 0 && double.IsFinite(Alpha), $"alpha must be a non-negative number (got {Alpha})");
        Check(Slope is >= 0 and <= 1, $"slope must be in [0, 1] (got {Slope})");
        Check(MlpLayers is >= 0 and <= 8, $"mlp layers must be in 0..8 (got {MlpLayers})");
        Check(double.IsFinite(EtaInit), "eta init must be finite");
        Check(RhoPre is > 0 and < 1, $"rho_pre must be in (0, 1) (got {RhoPre})");
        Check(SimEpoch >= 1, $"sim epoch must be at least 1 (got {SimEpoch})");
        Check(LambdaU >= 0 && LambdaP >= 0 && LambdaC >= 0, "loss weights must be non-negative");
        Check(TauP > 0 && TauC > 0, "temperatures must be positive");
        Check(ContrastKeep is > 0 and <= 1, $"contrast keep must be in (0, 1] (got {ContrastKeep})");
        Check(LearningRate is > 0 and <= 10, $"lr must be in (0, 10] (got {LearningRate})");
        Check(Epochs >= 0, $"epochs must be non-negative (got {Epochs})");
        Check(BatchSize >= 1 && MaxBatchesPerEpoch >= 1, "batch and max batches must be at least 1");
        Check(HoldoutRatio is >= 0 and < 1, $"holdout ratio must be in [0, 1) (got {HoldoutRatio})");
        Check(RecallGuard is >= 0 and <= 1, $"recall guard must be in [0, 1] (got {RecallGuard})");
        Check(TopK >= 1, "k must be at least 1");
    }
}
