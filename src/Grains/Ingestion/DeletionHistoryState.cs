namespace UnlearnRec.Grains.Ingestion;

/// <summary>
/// Completed requests a partition still remembers (deduplication window and status), oldest first, bounded by
/// <c>DeletionLedgerOptions.HistoryCapacity</c>. Written only when completed requests are archived.
/// </summary>
[GenerateSerializer]
[Alias("unlearnrec.state.ledger-history")]
public sealed class DeletionHistoryState
{
    /// <summary>Completed requests, in completion order.</summary>
    [Id(0)]
    public List<LedgerEntry> Entries { get; set; } = [];
}
