namespace UnlearnRec.Core.Unlearning;

/// <summary>
/// Turns batches of deletion requests into embedding corrections (architecture.md §3). Implementations own all model
/// state on one dedicated thread; every method is safe to call concurrently and queues behind a bounded channel
/// (callers feel backpressure when it is full).
/// </summary>
public interface IInfluenceEngine : IAsyncDisposable
{
    /// <summary>Static facts and the current version.</summary>
    EngineDescription Describe();

    /// <summary>
    /// Validates and applies a batch: removes the interactions from the residual graph, adds them to the forgotten
    /// set, runs the encoder, recomputes the affected final embeddings and returns the changed rows. Invalid requests
    /// are rejected individually in <see cref="CorrectionSet.Outcomes"/>; the rest of the batch applies.
    /// </summary>
    Task<CorrectionSet> ApplyAsync(IReadOnlyList<DeletionCommand> commands, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="ApplyAsync(IReadOnlyList{DeletionCommand}, CancellationToken)"/> that also reports what the
    /// computation removes as soon as it is known: <paramref name="removed"/> is called once, on the engine's thread,
    /// after the requests were validated and their interactions left the engine's graph (a checkpoint taken from then
    /// on covers them) and before the corrected embeddings are computed, so the caller can make the removal durable
    /// while the engine computes. It is not called when the computation removes nothing. Should the computation fail
    /// afterwards, the removal may already be durable; the caller retries the batch, which applies it again. The
    /// default implementation never calls it.
    /// </summary>
    Task<CorrectionSet> ApplyAsync(IReadOnlyList<DeletionCommand> commands, Action<RemovalNotice>? removed, CancellationToken cancellationToken = default)
        => ApplyAsync(commands, cancellationToken);

    /// <summary>All served rows and interactions at the current version (for seeding and audits).</summary>
    Task<EmbeddingSnapshot> SnapshotAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Background consolidation (the method's fine-tuning): produces a new version and returns a full refresh of all
    /// rows, or null when nothing was forgotten since the last consolidation.
    /// </summary>
    Task<CorrectionSet?> ConsolidateAsync(CancellationToken cancellationToken = default);
}
