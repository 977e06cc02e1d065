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

    /// <summary>Most states written by one transaction (Azure Table's cap is 100).</summary>
    public int MaxEntitiesPerTransaction { get; set; } = MaxTransactionEntities;

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

        if (MaxEntitiesPerTransaction is < 1 or > MaxTransactionEntities)
        {
            errors.Add($"MaxEntitiesPerTransaction must be in [1, {MaxTransactionEntities}] (is {MaxEntitiesPerTransaction})");
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
