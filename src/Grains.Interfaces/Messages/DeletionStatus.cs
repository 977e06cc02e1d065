namespace UnlearnRec.Grains.Interfaces;

/// <summary>
/// The ledger's record of a request. After completion it keeps no user or item id: only the request id, a keyed hash
/// of the content, times and the engine version (architecture.md §5, "forgotten means gone").
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.deletion-status")]
public sealed record DeletionStatus
{
    /// <summary>The request.</summary>
    [Id(0)]
    public required string RequestId { get; init; }

    /// <summary>Life-cycle state.</summary>
    [Id(1)]
    public required DeletionState State { get; init; }

    /// <summary>Granularity.</summary>
    [Id(2)]
    public DeletionRequestScope Scope { get; init; }

    /// <summary>Owning partition.</summary>
    [Id(3)]
    public int Partition { get; init; }

    /// <summary>When the ledger recorded it (Unix ms).</summary>
    [Id(4)]
    public long ReceivedAtUnixMs { get; init; }

    /// <summary>Batch it went out in (0 while received).</summary>
    [Id(5)]
    public long BatchSequence { get; init; }

    /// <summary>When it was applied or rejected (Unix ms; 0 before).</summary>
    [Id(6)]
    public long CompletedAtUnixMs { get; init; }

    /// <summary>Engine version whose rows reflect it (applied only).</summary>
    [Id(7)]
    public long EngineVersion { get; init; }

    /// <summary>Milliseconds from receipt to applied/rejected.</summary>
    [Id(8)]
    public double LatencyMs { get; init; }

    /// <summary>Interactions this request removed (0 when they were already forgotten).</summary>
    [Id(9)]
    public int EdgesRemoved { get; init; }

    /// <summary>Why it was rejected.</summary>
    [Id(10)]
    public string? Error { get; init; }

    /// <summary>Keyed hash (HMAC-SHA256, truncated, hex) of the request content, for audits.</summary>
    [Id(11)]
    public string ContentHash { get; init; } = "";
}
