using UnlearnRec.Model.Evaluation;

namespace UnlearnRec.Model.Training;

/// <summary>A trained backbone: the selected (best) embeddings and how training went.</summary>
public sealed record TrainingResult
{
    /// <summary>0-layer embeddings E0 of the selected checkpoint (N×d, row-major).</summary>
    public required float[] Ego { get; init; }

    /// <summary>Final embeddings Ē of the selected checkpoint on the training graph.</summary>
    public required float[] Final { get; init; }

    /// <summary>Utility of the selected checkpoint.</summary>
    public required RankingResult Metrics { get; init; }

    /// <summary>Epochs run.</summary>
    public required int EpochsRun { get; init; }

    /// <summary>Epoch of the selected checkpoint.</summary>
    public required int BestEpoch { get; init; }

    /// <summary>Training time excluding evaluations.</summary>
    public required double TrainSeconds { get; init; }

    /// <summary>Total wall time including periodic evaluations (the honest cost of a retrain).</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Median epoch training time.</summary>
    public required double EpochSecondsMedian { get; init; }

    /// <summary>Median minibatch step time in milliseconds.</summary>
    public required double StepMsMedian { get; init; }

    /// <summary>Minibatches per epoch.</summary>
    public required int BatchesPerEpoch { get; init; }

    /// <summary>Per-epoch history.</summary>
    public required IReadOnlyList<EpochReport> History { get; init; }

    /// <summary>True when training stopped because Recall@K stopped improving.</summary>
    public required bool StoppedEarly { get; init; }
}
