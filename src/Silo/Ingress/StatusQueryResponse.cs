namespace UnlearnRec.Silo.Ingress;

/// <summary>Answer of <c>POST /deletions/query</c>: the statuses of the ids the ledgers know.</summary>
/// <param name="Statuses">Known requests (unknown ids are left out).</param>
public sealed record StatusQueryResponse(DeletionStatusResponse[] Statuses);
