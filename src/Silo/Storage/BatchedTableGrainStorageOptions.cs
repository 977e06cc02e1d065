using Azure.Data.Tables;
using Orleans.Storage;

namespace UnlearnRec.Silo.Storage;

/// <summary>Settings of <see cref="BatchedTableGrainStorage"/>.</summary>
public sealed class BatchedTableGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>Largest entity-group transaction Azure Table accepts.</summary>
    public const int MaxTransactionEntities = 100;

    /// <summary>The table service (a connection string's client).</summary>
    public TableServiceClient? TableServiceClient { get; set; }

    /// <summary>Table that holds the states (created at silo start when missing).</summary>
    public string TableName { get; set; } = "UnlearnRecUserStates";

    /// <summary>
    /// Partition buckets: grain states are spread over this many partition keys (by the grain id's uniform hash), and
    /// concurrent writes within one bucket share one transaction. Fewer buckets make larger transactions; more let
    /// more transactions run at once.
    /// </summary>
    public int Buckets { get; set; } = 4;

    /// <summary>
    /// Tables the states are spread over: bucket b lives in table b mod <see cref="Tables"/> (a transaction stays in
    /// one partition of one table). With 1 every state is in <see cref="TableName"/>; with more the tables are named
    /// <see cref="TableName"/> followed by the table's number (0, 1, …). At most <see cref="Buckets"/>.
    /// </summary>
    /// <remarks>
    /// Why: Azurite's table store keeps a table in one array-backed collection with sorted indexes and updates an
    /// entity by removing and re-inserting it, which costs time in proportion to the entities in the table. With the
    /// 6,040 users of ml-1m in one table that removal was ~17–22 % of Azurite's busy time under load. Real Azure Table
    /// storage does not care either way. Changing this (like <see cref="Buckets"/>) moves every state: the stored
    /// ones are no longer found and the grains start from what the influence grain sends them.
    /// </remarks>
    public int Tables { get; set; } = 1;

    /// <summary>Most states written by one transaction (Azure Table's cap is 100).</summary>
    public int MaxEntitiesPerTransaction { get; set; } = MaxTransactionEntities;

    /// <summary>
    /// How long background writes (<see cref="UnlearnRec.Grains.Persistence.StorageWritePriority"/>: write-behind,
    /// nobody waits for them) may wait in a bucket for others to join their transaction. A transaction goes at once
    /// when a write somebody waits for is queued or the transaction is full; zero sends whatever is queued as soon as
    /// the bucket is free.
    /// </summary>
    /// <remarks>
    /// Why: write-behind timers fire one grain at a time, so without a wait the bucket sends a stream of small
    /// transactions (on the local cluster at 1,000 deletions/s: ~130 a second, half of them with one or two states),
    /// and a storage call costs mostly per call, not per state.
    /// </remarks>
    public TimeSpan BackgroundGather { get; set; } = TimeSpan.Zero;

    /// <summary>Clock of <see cref="BackgroundGather"/> (the system clock by default).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <inheritdoc />
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid setting.</summary>
    public void Validate(string providerName)
    {
        var errors = new List<string>();
        if (TableServiceClient is null)
        {
            errors.Add("TableServiceClient is required");
        }

        if (string.IsNullOrWhiteSpace(TableName))
        {
            errors.Add("TableName is required");
        }

        if (Buckets is < 1 or > 10_000)
        {
            errors.Add($"Buckets must be in [1, 10000] (is {Buckets})");
        }

        if (Tables < 1 || Tables > Math.Max(1, Buckets))
        {
            errors.Add($"Tables must be in [1, Buckets] (is {Tables}, Buckets {Buckets}): a table without a bucket would never be used");
        }

        if (MaxEntitiesPerTransaction is < 1 or > MaxTransactionEntities)
        {
            errors.Add($"MaxEntitiesPerTransaction must be in [1, {MaxTransactionEntities}] (is {MaxEntitiesPerTransaction})");
        }

        if (BackgroundGather < TimeSpan.Zero || BackgroundGather > TimeSpan.FromMinutes(1))
        {
            errors.Add($"BackgroundGather must be between 0 and 1 minute (is {BackgroundGather})");
        }

        if (TimeProvider is null)
        {
            errors.Add("TimeProvider is required");
        }

        if (GrainStorageSerializer is null)
        {
            errors.Add("GrainStorageSerializer is required");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException($"grain storage '{providerName}': {string.Join("; ", errors)}");
        }
    }
}
