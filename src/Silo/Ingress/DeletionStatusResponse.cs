using UnlearnRec.Grains.Interfaces;

namespace UnlearnRec.Silo.Ingress;

/// <summary>Answer of <c>GET /deletions/{id}</c>.</summary>
public sealed record DeletionStatusResponse
{
    /// <summary>The request.</summary>
    public string RequestId { get; init; } = "";

    /// <summary>received, batched, applied or rejected.</summary>
    public string State { get; init; } = "";

    /// <summary>interactions, user or item.</summary>
    public string Scope { get; init; } = "";

    /// <summary>Owning partition.</summary>
    public int Partition { get; init; }

    /// <summary>When the ledger recorded it (Unix ms).</summary>
    public long ReceivedAtUnixMs { get; init; }

    /// <summary>When it was applied or rejected (Unix ms; 0 before).</summary>
    public long CompletedAtUnixMs { get; init; }

    /// <summary>Engine version whose served rows reflect it.</summary>
    public long EngineVersion { get; init; }

    /// <summary>Milliseconds from receipt to applied/rejected.</summary>
    public double LatencyMs { get; init; }

    /// <summary>Interactions removed (0 when already forgotten).</summary>
    public int EdgesRemoved { get; init; }

    /// <summary>Why it was rejected.</summary>
    public string? Error { get; init; }

    /// <summary>Keyed hash of the content (audit).</summary>
    public string ContentHash { get; init; } = "";

    /// <summary>The HTTP form of a ledger status.</summary>
    public static DeletionStatusResponse From(DeletionStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new DeletionStatusResponse
        {
            RequestId = status.RequestId,
            State = IngressText.State(status.State),
            Scope = DeletionEnvelope.ScopeName(status.Scope),
            Partition = status.Partition,
            ReceivedAtUnixMs = status.ReceivedAtUnixMs,
            CompletedAtUnixMs = status.CompletedAtUnixMs,
            EngineVersion = status.EngineVersion,
            LatencyMs = status.LatencyMs,
            EdgesRemoved = status.EdgesRemoved,
            Error = status.Error,
            ContentHash = status.ContentHash,
        };
    }
}
