namespace UnlearnRec.Grains.Interfaces;

/// <summary>One shard's part of a correction batch.</summary>
/// <param name="Version">Engine version of every row.</param>
/// <param name="Rows">The rows (items of this shard only).</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.item-shard-update")]
public sealed record ItemShardUpdate(
    [property: Id(0)] long Version,
    [property: Id(1)] PackedRows Rows);
