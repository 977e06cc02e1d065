namespace UnlearnRec.Core.Unlearning;

/// <summary>What the engine did with one request of a batch.</summary>
/// <param name="RequestId">The request.</param>
/// <param name="Applied">False when the request was rejected (see <paramref name="Error"/>); the rest of the batch still applies.</param>
/// <param name="Error">Why it was rejected: unknown user or item, interaction not in the graph, malformed.</param>
/// <param name="EdgesRemoved">Interactions removed from the graph by this request (0 for an already-forgotten set).</param>
public sealed record DeletionOutcome(string RequestId, bool Applied, string? Error, int EdgesRemoved)
{
    /// <summary>A rejected request.</summary>
    public static DeletionOutcome Rejected(string requestId, string error) => new(requestId, false, error, 0);
}
