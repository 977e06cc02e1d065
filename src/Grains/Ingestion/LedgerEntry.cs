using UnlearnRec.Grains.Interfaces;

namespace UnlearnRec.Grains.Ingestion;

/// <summary>
/// One request in a partition's ledger. The content (user and items) is kept only while the request is open; on
/// completion it is cleared and only the keyed content hash remains.
/// </summary>
[GenerateSerializer]
[Alias("unlearnrec.state.ledger-entry")]
public sealed class LedgerEntry
{
    /// <summary>Request id.</summary>
    [Id(0)]
    public string RequestId { get; set; } = "";

    /// <summary>Life-cycle state.</summary>
    [Id(1)]
    public DeletionState State { get; set; }

    /// <summary>Granularity.</summary>
    [Id(2)]
    public DeletionRequestScope Scope { get; set; }

    /// <summary>User (cleared on completion).</summary>
    [Id(3)]
    public long UserId { get; set; }

    /// <summary>Items (cleared on completion).</summary>
    [Id(4)]
    public long[] ItemIds { get; set; } = [];

    /// <summary>Producer's timestamp (Unix ms).</summary>
    [Id(5)]
    public long SubmittedAtUnixMs { get; set; }

    /// <summary>When the ledger recorded it (UTC ticks).</summary>
    [Id(6)]
    public long ReceivedAtUtcTicks { get; set; }

    /// <summary>Batch it went out in (0 while received).</summary>
    [Id(7)]
    public long BatchSequence { get; set; }

    /// <summary>When it completed (UTC ticks; 0 before).</summary>
    [Id(8)]
    public long CompletedAtUtcTicks { get; set; }

    /// <summary>Engine version that applied it.</summary>
    [Id(9)]
    public long EngineVersion { get; set; }

    /// <summary>Interactions removed.</summary>
    [Id(10)]
    public int EdgesRemoved { get; set; }

    /// <summary>Rejection reason.</summary>
    [Id(11)]
    public string? Error { get; set; }

    /// <summary>Keyed hash of the content.</summary>
    [Id(12)]
    public string ContentHash { get; set; } = "";

    /// <summary>Arrival order within the partition (batches take the oldest first).</summary>
    [Id(13)]
    public long Order { get; set; }

    /// <summary>True once applied or rejected.</summary>
    public bool IsCompleted => State is DeletionState.Applied or DeletionState.Rejected;
}
