namespace UnlearnRec.Model.Training;

/// <summary>Optimisation and stopping settings for training a backbone (method.md §2 "common to all three").</summary>
public sealed record TrainerOptions
{
    /// <summary>Maximum epochs.</summary>
    public int Epochs { get; init; } = 200;

    /// <summary>BPR triples per minibatch.</summary>
    public int BatchSize { get; init; } = 4096;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Seed for initialisation, shuffling, negatives and views.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Cap on minibatches per epoch (the authors' 2,500).</summary>
    public int MaxBatchesPerEpoch { get; init; } = 2500;

    /// <summary>Evaluate every this many epochs (the authors' 3); 0 evaluates only at the end.</summary>
    public int EvalEvery { get; init; } = 3;

    /// <summary>
    /// Stop after this many evaluations without a Recall@K improvement ("until Recall@20 stops improving");
    /// 0 disables early stopping.
    /// </summary>
    public int Patience { get; init; } = 5;

    /// <summary>Ranking cut-off.</summary>
    public int TopK { get; init; } = 20;

    /// <summary>Initialisation: "xavier" (uniform, the authors') or "normal:STD".</summary>
    public string Init { get; init; } = "xavier";

    /// <summary>Wall-clock budget in seconds (0 = none); training stops after the epoch that crosses it.</summary>
    public double TimeBudgetSeconds { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (Epochs < 1)
        {
            throw new ArgumentException($"epochs must be at least 1 (got {Epochs})");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentException($"batch must be at least 1 (got {BatchSize})");
        }

        if (LearningRate is <= 0 or > 10)
        {
            throw new ArgumentException($"lr must be in (0, 10] (got {LearningRate})");
        }

        if (EvalEvery < 0 || Patience < 0 || MaxBatchesPerEpoch < 1 || TopK < 1)
        {
            throw new ArgumentException("eval-every and patience must be >= 0, max batches and k >= 1");
        }

        if (!(Init == "xavier" || (Init.StartsWith("normal:", StringComparison.Ordinal) && double.TryParse(Init[7..], System.Globalization.CultureInfo.InvariantCulture, out var std) && std > 0)))
        {
            throw new ArgumentException($"init must be 'xavier' or 'normal:STD' (got '{Init}')");
        }
    }
}
