namespace UnlearnRec.Grains.Ingestion;

/// <summary>
/// The hot ledger record of a partition: open requests plus those completed since the last archive. Written on every
/// submission (group-committed), so it is kept small; completed requests move to <see cref="DeletionHistoryState"/>.
/// </summary>
[GenerateSerializer]
[Alias("unlearnrec.state.ledger")]
public sealed class DeletionLedgerState
{
    /// <summary>Requests not yet archived.</summary>
    [Id(0)]
    public List<LedgerEntry> Open { get; set; } = [];

    /// <summary>Sequence number of the next batch.</summary>
    [Id(1)]
    public long NextBatchSequence { get; set; } = 1;

    /// <summary>Whether the recovery reminder has been registered.</summary>
    [Id(2)]
    public bool ReminderRegistered { get; set; }

    /// <summary>Highest engine version reported to this partition.</summary>
    [Id(3)]
    public long LastEngineVersion { get; set; }

    /// <summary>Next arrival number.</summary>
    [Id(4)]
    public long NextOrder { get; set; }
}
