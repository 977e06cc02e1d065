using System.Runtime.CompilerServices;
using UnlearnRec.Model.Bundles;
using UnlearnRec.Model.Experiments;

namespace UnlearnRec.Model.Influence;

/// <summary>
/// Pre-trains the Influence Encoder once per trained model and hands the same (immutable) encoder to every method that
/// asks, so the zero-shot and the fine-tuned rows of a comparison table share one pre-training. Keyed by the
/// <see cref="TrainedBackbone"/> instance; single-threaded like the methods that use it.
/// </summary>
public sealed class PretrainedEncoderCache
{
    private readonly ConditionalWeakTable<TrainedBackbone, InfluenceEncoderState> _encoders = [];

    /// <summary>Creates a cache that pre-trains with <paramref name="options"/>.</summary>
    public PretrainedEncoderCache(EncoderOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    /// <summary>Pre-training settings.</summary>
    public EncoderOptions Options { get; }

    /// <summary>Number of pre-trainings run so far.</summary>
    public int PretrainCount { get; private set; }

    /// <summary>The encoder for <paramref name="task"/>'s model, pre-training it on first use (progress to the task's sink).</summary>
    public InfluenceEncoderState GetOrPretrain(UnlearningTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (_encoders.TryGetValue(task.Model, out var cached))
        {
            return cached;
        }

        var pretrainer = new InfluencePretrainer(Options, task.Device);
        Action<PretrainEpochReport>? progress = task.Progress is { } sink ? r => sink(InfluenceReports.Describe(r)) : null;
        var encoder = pretrainer.Pretrain(task.Model, progress);
        _encoders.AddOrUpdate(task.Model, encoder);
        PretrainCount++;
        return encoder;
    }
}
