namespace UnlearnRec.Grains.Interfaces;

/// <summary>
/// One deletion partition (key: partition index): the durable request ledger (received → batched → applied),
/// deduplication by request id, micro-batching with one batch in flight, and reminder-driven recovery.
/// </summary>
[Alias("UnlearnRec.Grains.Interfaces.IDeletionPartitionGrain")]
public interface IDeletionPartitionGrain : IGrainWithIntegerKey
{
    /// <summary>Records a request; completes only once it is durable (or known).</summary>
    [Alias("Submit")]
    Task<SubmitReceipt> SubmitAsync(DeletionRequest request);

    /// <summary>Records several requests with one ledger write.</summary>
    [Alias("SubmitMany")]
    Task<SubmitReceipt[]> SubmitManyAsync(DeletionRequest[] requests);

    /// <summary>The status of a request, or null when this partition does not know it.</summary>
    [Alias("GetStatus")]
    Task<DeletionStatus?> GetStatusAsync(string requestId);

    /// <summary>The statuses of the requests this partition knows among <paramref name="requestIds"/>.</summary>
    [Alias("GetStatuses")]
    Task<DeletionStatus[]> GetStatusesAsync(string[] requestIds);

    /// <summary>Ledger counters.</summary>
    [Alias("GetSummary")]
    Task<LedgerSummary> GetSummaryAsync();
}
