namespace UnlearnRec.Grains.Interfaces;

/// <summary>One user's part of a correction batch.</summary>
/// <param name="Version">Engine version of <paramref name="Embedding"/>.</param>
/// <param name="Embedding">New served embedding (packed), or empty when only interactions change.</param>
/// <param name="RemovedItemIds">Interactions to drop from the user's list (applied whatever the version).</param>
/// <param name="Interactions">Complete interaction list (seeding), or null.</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.user-update")]
public sealed record UserUpdate(
    [property: Id(0)] long Version,
    [property: Id(1)] byte[] Embedding,
    [property: Id(2)] long[] RemovedItemIds,
    [property: Id(3)] long[]? Interactions);
