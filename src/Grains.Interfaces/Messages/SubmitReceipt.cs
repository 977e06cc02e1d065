namespace UnlearnRec.Grains.Interfaces;

/// <summary>The ledger's answer to a submission: given only once the request is durably recorded.</summary>
/// <param name="RequestId">The request.</param>
/// <param name="State">Its state now.</param>
/// <param name="Duplicate">True when the id was already known (the submission changed nothing).</param>
/// <param name="Partition">The deletion partition that owns it.</param>
/// <param name="Error">Why it was rejected, if it was.</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.submit-receipt")]
public sealed record SubmitReceipt(
    [property: Id(0)] string RequestId,
    [property: Id(1)] DeletionState State,
    [property: Id(2)] bool Duplicate,
    [property: Id(3)] int Partition,
    [property: Id(4)] string? Error);
