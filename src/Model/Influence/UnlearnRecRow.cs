using UnlearnRec.Core.Diagnostics;
using UnlearnRec.Model.Experiments;

namespace UnlearnRec.Model.Influence;

/// <summary>
/// What the two UnlearnRec comparison-table rows (<see cref="UnlearnRecZeroShotMethod"/> and
/// <see cref="UnlearnRecMethod"/>) share: readying the pre-trained encoder for a task and reporting the outcome, so
/// both rows measure and name their figures the same way.
/// </summary>
internal static class UnlearnRecRow
{
    /// <summary>
    /// The encoder for <paramref name="task"/> (pre-trained on first use, then cached). The peak-memory mark is reset
    /// after pre-training so the row's peak covers unlearning only; a forgotten set beyond ρ_pre is warned about.
    /// </summary>
    public static InfluenceEncoderState Begin(PretrainedEncoderCache cache, UnlearningTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        cancellationToken.ThrowIfCancellationRequested();
        var encoder = cache.GetOrPretrain(task);
        ProcessMemory.TryResetPeak();
        InfluenceReports.WarnIfBeyondPretraining(task, encoder);
        return encoder;
    }

    /// <summary>The outcome of the zero-shot row: the encoder's forward is all the unlearning.</summary>
    public static UnlearningOutcome ZeroShot(string method, UnlearningTask task, InfluenceEncoderState encoder, ZeroShotResult zeroShot) =>
        Outcome(method, task, encoder, zeroShot, fineTune: null, reportsFineTuning: false);

    /// <summary>The outcome of the fine-tuning row; <paramref name="fineTune"/> is null when fine-tuning was skipped (no epochs or nothing forgotten).</summary>
    public static UnlearningOutcome FineTuned(string method, UnlearningTask task, InfluenceEncoderState encoder, ZeroShotResult zeroShot, FineTuneResult? fineTune) =>
        Outcome(method, task, encoder, zeroShot, fineTune, reportsFineTuning: true);

    private static UnlearningOutcome Outcome(string method, UnlearningTask task, InfluenceEncoderState encoder, ZeroShotResult zeroShot, FineTuneResult? fineTune, bool reportsFineTuning)
    {
        var extra = new Dictionary<string, double>
        {
            ["zero_shot_seconds"] = zeroShot.Seconds,
            ["zero_shot_encoder_seconds"] = zeroShot.EncoderSeconds,
            ["zero_shot_propagation_seconds"] = zeroShot.PropagationSeconds,
            ["finetune_seconds"] = fineTune?.Seconds ?? 0,
        };
        if (reportsFineTuning)
        {
            // only the row that can fine-tune has these columns; the zero-shot row leaves them empty rather than 0
            extra["finetune_check_seconds"] = fineTune?.CheckSeconds ?? 0;
            extra["finetune_epochs"] = fineTune?.EpochsRun ?? 0;
            extra["finetune_steps"] = fineTune?.Steps ?? 0;
        }

        var ratio = (double)task.Request.Count / Math.Max(1, task.Original.EdgeCount);
        extra["pretrain_seconds"] = encoder.PretrainSeconds;
        extra["forget_ratio"] = ratio;
        extra["beyond_pretrain_range"] = ratio > encoder.Options.RhoPre ? 1 : 0;
        return new UnlearningOutcome
        {
            Method = method,
            Final = fineTune?.Final ?? zeroShot.Final,
            Seconds = zeroShot.Seconds + (fineTune?.Seconds ?? 0),
            PeakRssMb = ProcessMemory.PeakRssMb(),
            Extra = extra,
        };
    }
}
