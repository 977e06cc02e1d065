namespace UnlearnRec.Silo.Ingress;

/// <summary>Answer of <c>GET /recommendations/{user}</c>.</summary>
/// <param name="User">The user.</param>
/// <param name="UserVersion">Engine version of the user's served embedding.</param>
/// <param name="Items">Recommended items, best first.</param>
public sealed record RecommendationResponse(long User, long UserVersion, ScoredItemResponse[] Items);
