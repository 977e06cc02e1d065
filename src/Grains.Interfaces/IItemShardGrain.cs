using Orleans.Concurrency;

namespace UnlearnRec.Grains.Interfaces;

/// <summary>Serves the final embeddings of the items whose id hashes to this shard (key: shard index).</summary>
[Alias("UnlearnRec.Grains.Interfaces.IItemShardGrain")]
public interface IItemShardGrain : IGrainWithIntegerKey
{
    /// <summary>Applies rows that are newer than the stored ones; returns how many were taken.</summary>
    [Alias("Apply")]
    Task<int> ApplyAsync(ItemShardUpdate update);

    /// <summary>The k best items of this shard for a user vector (dot product), excluding the listed items.</summary>
    [Alias("TopK")]
    [ReadOnly]
    Task<ScoredItems> TopKAsync(TopKQuery query);

    /// <summary>Selected rows (missing ids are left out).</summary>
    [Alias("GetRows")]
    [ReadOnly]
    Task<PackedRows> GetRowsAsync(long[] itemIds);

    /// <summary>Everything the shard serves.</summary>
    [Alias("Export")]
    [ReadOnly]
    Task<ItemShardExport> ExportAsync();
}
