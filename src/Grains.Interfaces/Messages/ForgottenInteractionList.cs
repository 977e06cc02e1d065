namespace UnlearnRec.Grains.Interfaces;

/// <summary>Every interaction forgotten so far, in original ids (audit and export).</summary>
/// <param name="UserIds">User side.</param>
/// <param name="ItemIds">Item side (parallel).</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.forgotten-interactions")]
public sealed record ForgottenInteractionList(
    [property: Id(0)] long[] UserIds,
    [property: Id(1)] long[] ItemIds);
