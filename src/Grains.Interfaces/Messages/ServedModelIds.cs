namespace UnlearnRec.Grains.Interfaces;

/// <summary>All user and item ids of the served model.</summary>
/// <param name="UserIds">Users.</param>
/// <param name="ItemIds">Items.</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.served-model-ids")]
public sealed record ServedModelIds(
    [property: Id(0)] long[] UserIds,
    [property: Id(1)] long[] ItemIds);
