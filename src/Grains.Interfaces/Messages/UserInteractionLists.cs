namespace UnlearnRec.Grains.Interfaces;

/// <summary>Complete interaction lists of some users (CSR form), sent when seeding so "already seen" masking works.</summary>
/// <param name="UserIds">The users.</param>
/// <param name="Pointers">Offsets into <paramref name="ItemIds"/> (UserIds.Length + 1).</param>
/// <param name="ItemIds">Items of each user, back to back.</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.user-interaction-lists")]
public sealed record UserInteractionLists(
    [property: Id(0)] long[] UserIds,
    [property: Id(1)] int[] Pointers,
    [property: Id(2)] long[] ItemIds);
