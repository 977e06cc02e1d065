using UnlearnRec.Grains.Diagnostics;
using UnlearnRec.Grains.Interfaces;

namespace UnlearnRec.Grains.Users;

/// <summary>
/// Serves one user: the final embedding (kept only if the update's engine version is newer, so replays and reordering
/// are harmless) and the remaining interactions (removals always apply: they are idempotent and must never be lost).
/// </summary>
public sealed class UserGrain(
    [PersistentState("user", StorageNames.Users)] IPersistentState<UserServingState> state,
    UnlearnRecMetrics metrics) : Grain, IUserGrain
{
    /// <inheritdoc />
    public async Task<bool> ApplyAsync(UserUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var current = state.State;
        var changed = false;
        if (update.Version > current.Version)
        {
            if (update.Embedding.Length > 0)
            {
                current.Embedding = update.Embedding;
                metrics.CorrectionsApplied.Add(1);
            }

            if (update.Interactions is { } full)
            {
                var sorted = (long[])full.Clone();
                Array.Sort(sorted);
                current.Interactions = sorted;
            }

            current.Version = update.Version;
            changed = true;
        }

        if (update.RemovedItemIds.Length > 0 && current.Interactions.Length > 0)
        {
            var removed = new HashSet<long>(update.RemovedItemIds);
            var kept = Array.FindAll(current.Interactions, i => !removed.Contains(i));
            if (kept.Length != current.Interactions.Length)
            {
                current.Interactions = kept;
                changed = true;
            }
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }

        return changed;
    }

    /// <inheritdoc />
    public Task<UserServingView> GetViewAsync()
    {
        var current = state.State;
        return Task.FromResult(new UserServingView(
            this.GetPrimaryKeyLong(),
            current.Version >= 0,
            current.Version,
            current.Embedding,
            current.Interactions));
    }
}
