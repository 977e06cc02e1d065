namespace UnlearnRec.Silo.Ingress;

/// <summary>Answer of <c>POST /deletions</c> (HTTP 202): the request is durably recorded.</summary>
/// <param name="RequestId">The request.</param>
/// <param name="State">received, batched, applied or rejected.</param>
/// <param name="Duplicate">True when the id was known already (nothing changed).</param>
/// <param name="Partition">Owning deletion partition.</param>
/// <param name="StatusUrl">Where to poll the status.</param>
public sealed record DeletionAcceptedResponse(string RequestId, string State, bool Duplicate, int Partition, string StatusUrl);
