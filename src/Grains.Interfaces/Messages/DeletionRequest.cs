namespace UnlearnRec.Grains.Interfaces;

/// <summary>One deletion (unlearning) request, as recorded by the ledger and sent to the engine.</summary>
/// <param name="RequestId">Caller-chosen id: the deduplication key and the handle for status queries.</param>
/// <param name="Scope">Granularity.</param>
/// <param name="UserId">The user (0 for item scope).</param>
/// <param name="ItemIds">Items to forget (interactions scope), the one item (item scope), or empty (user scope).</param>
/// <param name="SubmittedAtUnixMs">When the upstream producer created the request (0 if unknown); informational.</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.deletion-request")]
public sealed record DeletionRequest(
    [property: Id(0)] string RequestId,
    [property: Id(1)] DeletionRequestScope Scope,
    [property: Id(2)] long UserId,
    [property: Id(3)] long[] ItemIds,
    [property: Id(4)] long SubmittedAtUnixMs = 0)
{
    /// <summary>
    /// Set when the request could not be decoded (a malformed queue envelope): the ledger records it as rejected with
    /// this reason instead of losing it silently.
    /// </summary>
    [Id(5)]
    public string? InvalidReason { get; init; }

    /// <summary>Forget some interactions of a user.</summary>
    public static DeletionRequest ForInteractions(string requestId, long userId, params long[] itemIds) =>
        new(requestId, DeletionRequestScope.Interactions, userId, itemIds);

    /// <summary>Forget every interaction of a user.</summary>
    public static DeletionRequest ForUser(string requestId, long userId) => new(requestId, DeletionRequestScope.User, userId, []);

    /// <summary>Forget every interaction with an item.</summary>
    public static DeletionRequest ForItem(string requestId, long itemId) => new(requestId, DeletionRequestScope.Item, 0, [itemId]);
}
