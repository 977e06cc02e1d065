namespace UnlearnRec.Model.Influence;

/// <summary>The outcome of per-request fine-tuning (method.md §5.2).</summary>
public sealed record FineTuneResult
{
    /// <summary>Refined Ẽ0 = E0′ + MLP′(ΔE0) (N×d).</summary>
    public required float[] Ego { get; init; }

    /// <summary>Backbone.Forward(Â_r, Ẽ0) (N×d).</summary>
    public required float[] Final { get; init; }

    /// <summary>Training wall time of the epochs (§6.5: early-stop checks excluded).</summary>
    public required double Seconds { get; init; }

    /// <summary>Wall time of the early-stop checks (MI-NG and Recall evaluations).</summary>
    public required double CheckSeconds { get; init; }

    /// <summary>Epochs run.</summary>
    public required int EpochsRun { get; init; }

    /// <summary>Minibatch steps run.</summary>
    public required int Steps { get; init; }

    /// <summary>True when the early-stop rule ended fine-tuning before the epoch limit.</summary>
    public required bool StoppedEarly { get; init; }

    /// <summary>Per-epoch history.</summary>
    public required IReadOnlyList<FineTuneEpochReport> History { get; init; }
}
