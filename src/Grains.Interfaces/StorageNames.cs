namespace UnlearnRec.Grains.Interfaces;

/// <summary>Names of the grain storage providers the grains use; each profile maps them to concrete stores.</summary>
public static class StorageNames
{
    /// <summary>Per-user serving state (small: Azure Table in a cluster).</summary>
    public const string Users = "users";

    /// <summary>Item-shard serving state (large: Azure Blob, beyond the Table entity cap).</summary>
    public const string ItemShards = "shards";

    /// <summary>Deletion ledgers of the partition grains (Azure Blob).</summary>
    public const string Ledger = "ledger";

    /// <summary>Engine checkpoint of the influence grain (Azure Blob).</summary>
    public const string Engine = "engine";
}
