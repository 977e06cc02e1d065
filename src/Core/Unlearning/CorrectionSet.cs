namespace UnlearnRec.Core.Unlearning;

/// <summary>
/// The engine's answer to a batch: per-request outcomes, the removed interactions, and the final-embedding rows that
/// changed, as <b>absolute</b> values tagged with a strictly increasing engine version (targets keep a row only if the
/// version is newer than what they hold, so replays and reordering are harmless).
/// Rows are addressed by original ids; values are packed row-major (ids.Length × Dim).
/// </summary>
public sealed record CorrectionSet
{
    /// <summary>Engine version that produced these rows.</summary>
    public required long EngineVersion { get; init; }

    /// <summary>Embedding width.</summary>
    public required int Dim { get; init; }

    /// <summary>Outcome of each request of the batch, in input order.</summary>
    public required IReadOnlyList<DeletionOutcome> Outcomes { get; init; }

    /// <summary>Removed interactions: user ids (parallel to <see cref="RemovedItemIds"/>).</summary>
    public long[] RemovedUserIds { get; init; } = [];

    /// <summary>Removed interactions: item ids.</summary>
    public long[] RemovedItemIds { get; init; } = [];

    /// <summary>Users whose served embedding changed.</summary>
    public long[] UserIds { get; init; } = [];

    /// <summary>New user embeddings, packed (UserIds.Length × Dim).</summary>
    public float[] UserValues { get; init; } = [];

    /// <summary>Items whose served embedding changed.</summary>
    public long[] ItemIds { get; init; } = [];

    /// <summary>New item embeddings, packed (ItemIds.Length × Dim).</summary>
    public float[] ItemValues { get; init; } = [];

    /// <summary>True when this set refreshes every row (after consolidation), so targets may replace wholesale.</summary>
    public bool IsFullRefresh { get; init; }

    /// <summary>
    /// Engine-local number of the computation that produced the rows. Batches merged into one computation receive
    /// sets with the same sequence and identical rows (only <see cref="Outcomes"/> differ), so a caller can deliver
    /// the rows once.
    /// </summary>
    public long Sequence { get; init; }

    /// <summary>
    /// Rows that changed beyond the tolerance but were held back by the per-batch fan-out cap; a later batch (or an
    /// empty flush batch) delivers them.
    /// </summary>
    public int DeferredRows { get; init; }

    /// <summary>Time the engine spent computing this set (its thread only; excludes the wait in the engine's queue).</summary>
    public double ComputeMilliseconds { get; init; }
}
