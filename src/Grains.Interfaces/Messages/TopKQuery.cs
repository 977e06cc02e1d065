namespace UnlearnRec.Grains.Interfaces;

/// <summary>A top-k query against one item shard.</summary>
/// <param name="UserVector">The user's served embedding (packed).</param>
/// <param name="K">How many items to return.</param>
/// <param name="Exclude">Items of this shard the user has already interacted with.</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.top-k-query")]
public sealed record TopKQuery(
    [property: Id(0)] byte[] UserVector,
    [property: Id(1)] int K,
    [property: Id(2)] long[] Exclude);
