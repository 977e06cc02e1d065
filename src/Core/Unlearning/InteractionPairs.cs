namespace UnlearnRec.Core.Unlearning;

/// <summary>A list of (user, item) interactions in original ids, as two parallel arrays.</summary>
/// <param name="UserIds">User of each interaction.</param>
/// <param name="ItemIds">Item of each interaction.</param>
public sealed record InteractionPairs(long[] UserIds, long[] ItemIds)
{
    /// <summary>Number of interactions.</summary>
    public int Count => UserIds.Length;
}
