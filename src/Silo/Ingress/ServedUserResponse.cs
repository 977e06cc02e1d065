namespace UnlearnRec.Silo.Ingress;

/// <summary>Answer of <c>GET /served/users/{user}</c>: what the user grain serves.</summary>
/// <param name="User">The user.</param>
/// <param name="Version">Engine version of the embedding.</param>
/// <param name="Embedding">Served final embedding.</param>
/// <param name="Interactions">Remaining interactions.</param>
public sealed record ServedUserResponse(long User, long Version, float[] Embedding, long[] Interactions);
