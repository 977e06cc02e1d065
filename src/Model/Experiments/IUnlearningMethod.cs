namespace UnlearnRec.Model.Experiments;

/// <summary>
/// An unlearning method in the comparison table (UnlearnRec zero-shot and fine-tuned, Retrain, partition-based,
/// influence-function-based). Methods run on the calling thread; all tensor work stays there.
/// </summary>
public interface IUnlearningMethod
{
    /// <summary>Row name in the result table.</summary>
    string Name { get; }

    /// <summary>
    /// One-off work before any request arrives (e.g. pre-training the Influence Encoder, training shard models);
    /// its time is reported separately, never as unlearning time. Returns the seconds spent (0 if none).
    /// </summary>
    double Prepare(UnlearningTask task);

    /// <summary>Unlearns <see cref="UnlearningTask.Request"/> and returns the embeddings to serve.</summary>
    UnlearningOutcome Unlearn(UnlearningTask task, CancellationToken cancellationToken);
}
