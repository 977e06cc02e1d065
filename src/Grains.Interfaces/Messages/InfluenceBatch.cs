namespace UnlearnRec.Grains.Interfaces;

/// <summary>A micro-batch of requests from one deletion partition.</summary>
/// <param name="Partition">Sending partition.</param>
/// <param name="BatchSequence">Partition-local batch number (re-sent unchanged on retry).</param>
/// <param name="Requests">The requests, in ledger order.</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.influence-batch")]
public sealed record InfluenceBatch(
    [property: Id(0)] int Partition,
    [property: Id(1)] long BatchSequence,
    [property: Id(2)] DeletionRequest[] Requests);
