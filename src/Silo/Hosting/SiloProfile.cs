namespace UnlearnRec.Silo.Hosting;

/// <summary>Which providers back clustering, storage, reminders and streams.</summary>
public enum SiloProfile
{
    /// <summary>One process on localhost; memory storage, reminders and streams (first run, demo, tests).</summary>
    Embedded,

    /// <summary>
    /// Several processes: Azure Table clustering and reminders, Table (users) and Blob (shards, ledgers, engine)
    /// storage, Azure Queue deletion stream. Azurite on loopback locally; a real storage account in production.
    /// </summary>
    LocalCluster,
}
