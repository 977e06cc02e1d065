namespace UnlearnRec.Core.Unlearning;

/// <summary>
/// One deletion request in original (external) ids, as the engine receives it.
/// </summary>
/// <param name="RequestId">Caller-chosen id, used for deduplication and status.</param>
/// <param name="Scope">Granularity.</param>
/// <param name="UserId">The user (ignored for <see cref="DeletionScope.Item"/>).</param>
/// <param name="ItemIds">Items to forget for <see cref="DeletionScope.Interactions"/>; exactly one item for
/// <see cref="DeletionScope.Item"/>; empty for <see cref="DeletionScope.User"/>.</param>
public sealed record DeletionCommand(string RequestId, DeletionScope Scope, long UserId, IReadOnlyList<long> ItemIds)
{
    /// <summary>Request to forget specific interactions of a user.</summary>
    public static DeletionCommand ForInteractions(string requestId, long userId, params long[] itemIds) =>
        new(requestId, DeletionScope.Interactions, userId, itemIds);

    /// <summary>Request to forget every interaction of a user.</summary>
    public static DeletionCommand ForUser(string requestId, long userId) => new(requestId, DeletionScope.User, userId, []);

    /// <summary>Request to forget every interaction with an item.</summary>
    public static DeletionCommand ForItem(string requestId, long itemId) => new(requestId, DeletionScope.Item, 0, [itemId]);
}
