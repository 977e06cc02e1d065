using UnlearnRec.Core.Bundles;
using UnlearnRec.Model.Evaluation;

namespace UnlearnRec.Model.Influence;

/// <summary>What <see cref="BundleUnlearning.Run"/> did: the updated bundle and the before/after figures.</summary>
public sealed record BundleUnlearningResult
{
    /// <summary>The bundle with the cumulative forgotten set, Ẽ0, the served embeddings and the fine-tuned state (not yet saved).</summary>
    public required ModelBundle Bundle { get; init; }

    /// <summary>Edges of this request.</summary>
    public required int RequestEdges { get; init; }

    /// <summary>Edges forgotten in total, this request included.</summary>
    public required int ForgottenEdges { get; init; }

    /// <summary>Edges of the original training graph.</summary>
    public required int TrainEdges { get; init; }

    /// <summary>ForgottenEdges / TrainEdges.</summary>
    public double ForgetRatio => (double)ForgottenEdges / Math.Max(1, TrainEdges);

    /// <summary>ρ_pre of the encoder: the forgotten fraction it was pre-trained for.</summary>
    public required double PretrainRatio { get; init; }

    /// <summary>A warning for the user (forgotten set beyond the encoder's pre-training range), or null.</summary>
    public string? Warning { get; init; }

    /// <summary>The served model before this request (original, or the previous unlearning), on the then-current graph.</summary>
    public required RankingResult Before { get; init; }

    /// <summary>Mean raw score of the (cumulative) forgotten edges under the original model.</summary>
    public required double MeanForgottenScoreOriginal { get; init; }

    /// <summary>MI-NG of the original model over the (cumulative) forgotten set: the membership signal before unlearning.</summary>
    public required double MiNgOriginal { get; init; }

    /// <summary>Zero-shot figures.</summary>
    public required UnlearningStageMetrics ZeroShot { get; init; }

    /// <summary>Fine-tuned figures, or null when fine-tuning was disabled.</summary>
    public UnlearningStageMetrics? FineTuned { get; init; }

    /// <summary>Fine-tuning details, or null.</summary>
    public FineTuneResult? FineTune { get; init; }

    /// <summary>Zero-shot timing details.</summary>
    public required ZeroShotResult ZeroShotDetail { get; init; }
}
