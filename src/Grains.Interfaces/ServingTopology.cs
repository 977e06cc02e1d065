namespace UnlearnRec.Grains.Interfaces;

/// <summary>
/// Stable routing of keys to deletion partitions and item shards. The hash is fixed (not
/// <see cref="object.GetHashCode"/>), so every silo, client and upstream producer computes the same placement.
/// </summary>
public static class ServingTopology
{
    /// <summary>The deletion partition that owns a request: by user, or by item for item-scope requests.</summary>
    public static int PartitionOf(DeletionRequest request, int partitions)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.Scope == DeletionRequestScope.Item && request.ItemIds.Length > 0 ? request.ItemIds[0] : request.UserId;
        return Bucket(key, partitions);
    }

    /// <summary>The item shard that serves an item.</summary>
    public static int ShardOf(long itemId, int shards) => Bucket(itemId, shards);

    /// <summary>Maps a key to 0..buckets-1 with the SplitMix64 finalizer (well spread for sequential ids).</summary>
    public static int Bucket(long key, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        var x = unchecked((ulong)key + 0x9E3779B97F4A7C15UL);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return (int)(x % (ulong)buckets);
    }
}
