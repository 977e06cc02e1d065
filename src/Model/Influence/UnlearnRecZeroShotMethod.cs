using UnlearnRec.Model.Experiments;

namespace UnlearnRec.Model.Influence;

/// <summary>
/// Comparison-table row "unlearnrec-zero-shot": the pre-trained Influence Encoder's single forward (method.md §5.1),
/// no fine-tuning. Sequential requests need no state: the IE always sees the cumulative forgotten set.
/// </summary>
public sealed class UnlearnRecZeroShotMethod : IUnlearningMethod
{
    private readonly PretrainedEncoderCache _cache;

    /// <summary>Creates the method with its own encoder cache.</summary>
    public UnlearnRecZeroShotMethod(EncoderOptions encoder)
        : this(new PretrainedEncoderCache(encoder))
    {
    }

    /// <summary>Creates the method sharing <paramref name="cache"/> (e.g. with <see cref="UnlearnRecMethod"/>) so pre-training runs once.</summary>
    public UnlearnRecZeroShotMethod(PretrainedEncoderCache cache)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
    }

    /// <inheritdoc />
    public string Name => "unlearnrec-zero-shot";

    /// <summary>
    /// Pre-trains the encoder for the task's model (or takes it from the shared cache) and returns the pre-training
    /// seconds. A shared encoder reports the same one-off cost in every row that uses it, although it was paid once.
    /// </summary>
    public double Prepare(UnlearningTask task) => _cache.GetOrPretrain(task).PretrainSeconds;

    /// <inheritdoc />
    public UnlearningOutcome Unlearn(UnlearningTask task, CancellationToken cancellationToken)
    {
        var encoder = UnlearnRecRow.Begin(_cache, task, cancellationToken);
        var unlearner = new InfluenceUnlearner(
            Backbones.Backbone.Create(task.Model.Kind, task.Model.Options), task.Original, task.Model.Ego, task.Model.Final, encoder, task.Device);
        return UnlearnRecRow.ZeroShot(Name, task, encoder, unlearner.ZeroShot(task.Request, task.Residual));
    }
}
