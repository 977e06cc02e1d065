namespace UnlearnRec.Grains.Interfaces;

/// <summary>Everything one item shard serves.</summary>
/// <param name="Shard">Shard index.</param>
/// <param name="Rows">Served rows.</param>
/// <param name="RowVersions">Engine version of each row.</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.item-shard-export")]
public sealed record ItemShardExport(
    [property: Id(0)] int Shard,
    [property: Id(1)] PackedRows Rows,
    [property: Id(2)] long[] RowVersions);
