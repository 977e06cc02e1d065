namespace UnlearnRec.Grains.Interfaces;

/// <summary>Top-k recommendations for a user from the served embeddings.</summary>
/// <param name="UserId">The user.</param>
/// <param name="KnownUser">False when the user is not served.</param>
/// <param name="UserVersion">Engine version of the user's embedding.</param>
/// <param name="ItemIds">Recommended items, best first (already-seen items excluded).</param>
/// <param name="Scores">Their scores.</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.recommendation")]
public sealed record Recommendation(
    [property: Id(0)] long UserId,
    [property: Id(1)] bool KnownUser,
    [property: Id(2)] long UserVersion,
    [property: Id(3)] long[] ItemIds,
    [property: Id(4)] float[] Scores);
