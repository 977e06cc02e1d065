namespace UnlearnRec.Grains.Interfaces;

/// <summary>What the engine did with one request.</summary>
/// <param name="RequestId">The request.</param>
/// <param name="Applied">False when rejected.</param>
/// <param name="Error">Why it was rejected.</param>
/// <param name="EdgesRemoved">Interactions removed (0 when already forgotten).</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.request-outcome")]
public sealed record RequestOutcome(
    [property: Id(0)] string RequestId,
    [property: Id(1)] bool Applied,
    [property: Id(2)] string? Error,
    [property: Id(3)] int EdgesRemoved);
