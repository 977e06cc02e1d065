namespace UnlearnRec.Silo.Hosting;

/// <summary>
/// Azure Storage settings of the local-cluster profile (section <c>UnlearnRec:Storage</c>). The same settings point
/// at Azurite on loopback or at a real storage account.
/// </summary>
public sealed class AzureStorageSettings
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "UnlearnRec:Storage";

    /// <summary>Storage connection string (Azurite: "UseDevelopmentStorage=true" for its default ports).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Table of cluster membership.</summary>
    public string ClusteringTable { get; set; } = "UnlearnRecCluster";

    /// <summary>Table of reminders.</summary>
    public string RemindersTable { get; set; } = "UnlearnRecReminders";

    /// <summary>
    /// Table of user serving state (written by <see cref="Storage.BatchedTableGrainStorage"/>). A new name since that
    /// layout replaced Orleans' own Table storage: the old <c>UnlearnRecUsers</c> table is no longer read and can be
    /// deleted; the influence grain re-seeds the new one once.
    /// </summary>
    public string UsersTable { get; set; } = "UnlearnRecUserStates";

    /// <summary>
    /// Partition buckets of the users table: concurrent user-state writes in one bucket share one entity-group
    /// transaction (see <see cref="Storage.BatchedTableGrainStorage"/>).
    /// </summary>
    public int UsersTableBuckets { get; set; } = 4;

    /// <summary>
    /// Tables the users' buckets are spread over (1: all in <see cref="UsersTable"/>; n: <see cref="UsersTable"/>0 …
    /// n−1, bucket b in table b mod n; at most <see cref="UsersTableBuckets"/>). See
    /// <see cref="Storage.BatchedTableGrainStorageOptions.Tables"/>: Azurite updates an entity in time proportional
    /// to the size of its table.
    /// </summary>
    public int UsersTables { get; set; } = 1;

    /// <summary>
    /// How long a user-state write-behind may wait in its bucket for others to share its transaction (see
    /// <see cref="Storage.BatchedTableGrainStorageOptions.BackgroundGather"/>): fewer, fuller transactions for up to
    /// this much later durability. Zero sends each as soon as the bucket is free.
    /// </summary>
    public TimeSpan UsersTableBackgroundGather { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Blob container of item-shard state.</summary>
    public string ShardsContainer { get; set; } = "unlearnrec-shards";

    /// <summary>Blob container of deletion ledgers.</summary>
    public string LedgerContainer { get; set; } = "unlearnrec-ledger";

    /// <summary>Blob container of the engine checkpoint.</summary>
    public string EngineContainer { get; set; } = "unlearnrec-engine";

    /// <summary>Prefix of the deletion queues (queues are named prefix-0 … prefix-(n-1)).</summary>
    public string QueuePrefix { get; set; } = "unlearnrec-deletions";

    /// <summary>Number of deletion queues (pulling agents spread over the silos).</summary>
    public int QueueCount { get; set; } = 4;

    /// <summary>The deletion queue names.</summary>
    public IReadOnlyList<string> QueueNames => Enumerable.Range(0, QueueCount).Select(i => $"{QueuePrefix}-{i}").ToList();

    /// <summary>
    /// Where user states are kept: the users table, its buckets and tables. When it changes, the stored states are no
    /// longer found where the grains look, so the influence grain seeds them again (see
    /// <see cref="Grains.Options.InfluenceGrainOptions.ServingStorageLayout"/>).
    /// </summary>
    public string UsersStorageLayout => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"users={UsersTable}/{UsersTableBuckets}/{UsersTables}");

    /// <summary>Every problem with these settings (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add($"the local-cluster profile needs {SectionName}:ConnectionString (env UnlearnRec__Storage__ConnectionString; for Azurite on its default ports: UseDevelopmentStorage=true)");
        }

        if (QueueCount is < 1 or > 64)
        {
            errors.Add($"{SectionName}:QueueCount must be between 1 and 64 (got {QueueCount})");
        }

        if (UsersTableBuckets is < 1 or > 10_000)
        {
            errors.Add($"{SectionName}:UsersTableBuckets must be between 1 and 10000 (got {UsersTableBuckets})");
        }

        if (UsersTables < 1 || UsersTables > Math.Max(1, UsersTableBuckets))
        {
            errors.Add($"{SectionName}:UsersTables must be between 1 and UsersTableBuckets ({UsersTableBuckets}) (got {UsersTables})");
        }

        if (UsersTableBackgroundGather < TimeSpan.Zero || UsersTableBackgroundGather > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{SectionName}:UsersTableBackgroundGather must be between 00:00:00 and 00:01:00 (got {UsersTableBackgroundGather})");
        }

        foreach (var (name, value) in new[] { ("ShardsContainer", ShardsContainer), ("LedgerContainer", LedgerContainer), ("EngineContainer", EngineContainer), ("QueuePrefix", QueuePrefix) })
        {
            if (string.IsNullOrWhiteSpace(value) || value != value.ToLowerInvariant() || value.Length < 3)
            {
                errors.Add($"{SectionName}:{name} '{value}' must be a lower-case Azure container/queue name of at least 3 characters");
            }
        }

        return errors;
    }
}
