namespace UnlearnRec.Grains.Interfaces;

/// <summary>Items with scores, best first.</summary>
/// <param name="ItemIds">Items.</param>
/// <param name="Scores">Dot-product scores (parallel).</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.scored-items")]
public sealed record ScoredItems(
    [property: Id(0)] long[] ItemIds,
    [property: Id(1)] float[] Scores);
