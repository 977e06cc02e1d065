namespace UnlearnRec.Silo.Ingress;

/// <summary>Body of <c>POST /deletions/query</c>: several request ids at once.</summary>
/// <param name="Ids">The request ids (at most 10,000).</param>
public sealed record StatusQueryRequest(string[] Ids);
