namespace UnlearnRec.Grains.ItemShards;

/// <summary>Persistent state of an item shard (Blob storage: shards exceed the Table entity cap).</summary>
[GenerateSerializer]
[Alias("unlearnrec.state.item-shard")]
public sealed class ItemShardState
{
    /// <summary>Row width (0 while empty).</summary>
    [Id(0)]
    public int Dim { get; set; }

    /// <summary>Item ids in row order.</summary>
    [Id(1)]
    public long[] ItemIds { get; set; } = [];

    /// <summary>Rows, packed float32, row-major.</summary>
    [Id(2)]
    public byte[] Values { get; set; } = [];

    /// <summary>Engine version of each row.</summary>
    [Id(3)]
    public long[] RowVersions { get; set; } = [];
}
