namespace UnlearnRec.Grains.Persistence;

/// <summary>
/// Marks grain-state writes that nobody waits for (write-behind), so storage that queues writes can let the writes a
/// request waits for go first. Carried by an <see cref="AsyncLocal{T}"/> from the grain into the storage provider's
/// <c>WriteStateAsync</c>; providers that do not queue ignore it.
/// </summary>
/// <remarks>
/// Why: the users' states share one batched Table lane (<c>BatchedTableGrainStorage</c>). Under load the write-behind of
/// neighbourhood embedding rows fills that lane with thousands of states per second, and a user's shortened interaction
/// list, which a deletion waits for before it reports applied, used to queue behind them.
/// </remarks>
public static class StorageWritePriority
{
    private static readonly AsyncLocal<bool> Background = new();

    /// <summary>True inside <see cref="InBackgroundAsync"/>: the write being made may wait behind others.</summary>
    public static bool IsBackground => Background.Value;

    /// <summary>Runs <paramref name="write"/> with its storage writes marked as background.</summary>
    public static async Task InBackgroundAsync(Func<Task> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        // set in this async method's own execution context: the caller's flag is untouched when it returns
        Background.Value = true;
        await write().ConfigureAwait(true);
    }
}
