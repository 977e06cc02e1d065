namespace UnlearnRec.Grains.Interfaces;

/// <summary>What a user grain serves.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Exists">False when the grain was never seeded (unknown user).</param>
/// <param name="Version">Engine version of the embedding.</param>
/// <param name="Embedding">Served final embedding (packed).</param>
/// <param name="Interactions">Remaining interactions (masked from recommendations).</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.user-serving-view")]
public sealed record UserServingView(
    [property: Id(0)] long UserId,
    [property: Id(1)] bool Exists,
    [property: Id(2)] long Version,
    [property: Id(3)] byte[] Embedding,
    [property: Id(4)] long[] Interactions);
