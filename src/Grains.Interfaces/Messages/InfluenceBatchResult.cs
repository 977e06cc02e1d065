namespace UnlearnRec.Grains.Interfaces;

/// <summary>The influence grain's answer to a batch, given once the corrected rows have reached their targets.</summary>
/// <param name="EngineVersion">Engine version whose rows reflect the applied requests.</param>
/// <param name="Outcomes">One outcome per request, in batch order.</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.influence-batch-result")]
public sealed record InfluenceBatchResult(
    [property: Id(0)] long EngineVersion,
    [property: Id(1)] RequestOutcome[] Outcomes);
