namespace UnlearnRec.Grains.Interfaces;

/// <summary>Counters of one deletion partition's ledger.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="Received">Requests waiting for a batch.</param>
/// <param name="Batched">Requests in the batch in flight.</param>
/// <param name="Completed">Applied or rejected requests still remembered for deduplication and status.</param>
/// <param name="NextBatchSequence">Sequence number the next batch will get.</param>
/// <param name="LastEngineVersion">Highest engine version reported to this partition.</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.ledger-summary")]
public sealed record LedgerSummary(
    [property: Id(0)] int Partition,
    [property: Id(1)] int Received,
    [property: Id(2)] int Batched,
    [property: Id(3)] int Completed,
    [property: Id(4)] long NextBatchSequence,
    [property: Id(5)] long LastEngineVersion);
