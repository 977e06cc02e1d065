using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Bundles;
using UnlearnRec.Model.Experiments;

namespace UnlearnRec.Model.Influence;

/// <summary>
/// Comparison-table row "unlearnrec": zero-shot Influence Encoder forward followed by the §5.2 fine-tuning of the MLP
/// and a copy of E0. For sequential requests (each task's <see cref="UnlearningTask.Request"/> a superset of the
/// previous one on the same model) fine-tuning continues from the previous request's result (§5.3); any other task
/// starts afresh from the pre-trained encoder.
/// </summary>
public sealed class UnlearnRecMethod : IUnlearningMethod
{
    private readonly PretrainedEncoderCache _cache;
    private readonly FineTuneOptions _fineTune;
    private InfluenceUnlearner? _session;
    private TrainedBackbone? _sessionModel;
    private EdgeList _sessionForgotten = EdgeList.Empty;

    /// <summary>Creates the method with its own encoder cache.</summary>
    public UnlearnRecMethod(EncoderOptions encoder, FineTuneOptions fineTune)
        : this(new PretrainedEncoderCache(encoder), fineTune)
    {
    }

    /// <summary>Creates the method sharing <paramref name="cache"/> (e.g. with <see cref="UnlearnRecZeroShotMethod"/>) so pre-training runs once.</summary>
    public UnlearnRecMethod(PretrainedEncoderCache cache, FineTuneOptions fineTune)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _fineTune = fineTune ?? throw new ArgumentNullException(nameof(fineTune));
        fineTune.Validate();
    }

    /// <inheritdoc />
    public string Name => "unlearnrec";

    /// <summary>
    /// Pre-trains the encoder for the task's model (or takes it from the shared cache) and returns the pre-training
    /// seconds. A shared encoder reports the same one-off cost in every row that uses it, although it was paid once.
    /// </summary>
    public double Prepare(UnlearningTask task) => _cache.GetOrPretrain(task).PretrainSeconds;

    /// <inheritdoc />
    public UnlearningOutcome Unlearn(UnlearningTask task, CancellationToken cancellationToken)
    {
        var encoder = UnlearnRecRow.Begin(_cache, task, cancellationToken);
        var session = SessionFor(task, encoder);
        var zeroShot = session.ZeroShot(task.Request, task.Residual);
        FineTuneResult? fineTune = null;
        if (_fineTune.Epochs > 0 && task.Request.Count > 0)
        {
            Action<FineTuneEpochReport>? progress = task.Progress is { } sink ? r => sink(InfluenceReports.Describe(r)) : null;
            fineTune = session.FineTune(task.Request, _fineTune with { Seed = task.Seed }, task.Residual, progress: progress, cancellationToken: cancellationToken);
        }

        _sessionForgotten = task.Request;
        return UnlearnRecRow.FineTuned(Name, task, encoder, zeroShot, fineTune);
    }

    private InfluenceUnlearner SessionFor(UnlearningTask task, InfluenceEncoderState encoder)
    {
        var continues = _session is not null
                        && ReferenceEquals(_sessionModel, task.Model)
                        && ReferenceEquals(_session.Encoder, encoder)
                        && EdgeSets.IsSubset(_sessionForgotten, task.Request);
        if (continues)
        {
            return _session!;
        }

        var test = task.Test.EdgeCount > 0 ? task.Test : null;
        _session = new InfluenceUnlearner(Backbone.Create(task.Model.Kind, task.Model.Options), task.Original, task.Model.Ego, task.Model.Final, encoder, task.Device, test);
        _sessionModel = task.Model;
        _sessionForgotten = EdgeList.Empty;
        return _session;
    }
}
