using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using UnlearnRec.Grains.Diagnostics;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Grains.Options;
using UnlearnRec.Grains.Persistence;

namespace UnlearnRec.Grains.Users;

/// <summary>
/// Serves one user: the final embedding (kept only if the update's engine version is newer, so replays and reordering
/// are harmless) and the remaining interactions (removals always apply: they are idempotent and must never be lost).
/// </summary>
/// <remarks>
/// Changes are served at once and written behind: a change of the interaction list within
/// <see cref="ServingPersistenceOptions.WriteBehind"/>, together with the embedding; an embedding-only change (the
/// neighbourhood rows a flush moves, a consolidation) only with the next list write or when the grain deactivates.
/// The durable record of a removal is the influence grain's removal journal, written before the request reports
/// applied, and the influence grain re-sends every row and interaction list when a silo leaves the cluster, so what
/// storage holds only bridges the seconds until then. Writing each user at once (first every refreshed embedding,
/// later every shortened list) made the storage the bottleneck of every deletion; writing every embedding a flush
/// moved behind made the users a load dirtied write together on the requests' path (docs/online.md §9).
/// </remarks>
public sealed class UserGrain(
    [PersistentState("user", StorageNames.Users)] IPersistentState<UserServingState> state,
    IOptions<ServingPersistenceOptions> persistence,
    UnlearnRecMetrics metrics,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private WriteBehind? _writeBehind;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writeBehind = new WriteBehind(this, () => state.WriteStateAsync(), persistence.Value.WriteBehind, logger, persistence.Value.WriteBehindOnShutdown, persistence.Value.WriteBehindSpread);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writeBehind!.FlushOnDeactivationAsync(reason);

    /// <inheritdoc />
    public async Task<bool> ApplyAsync(UserUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var current = state.State;
        var changed = false;
        var listChanged = false;
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
                listChanged = true;
            }

            current.Version = update.Version;
            changed = true;
        }
        else if (update.Interactions is { } snapshot && current.Version >= 0)
        {
            // A complete list from a refresh that is not newer than this copy: a delivery of a later version got here
            // first. The list cannot hold what that delivery removed, but this copy may hold removals it lost (it was
            // reactivated from a state written behind before them): keep only what both hold, which never brings an
            // interaction back.
            var known = new HashSet<long>(snapshot);
            var kept = Array.FindAll(current.Interactions, known.Contains);
            if (kept.Length != current.Interactions.Length)
            {
                current.Interactions = kept;
                changed = true;
                listChanged = true;
            }
        }

        if (update.RemovedItemIds.Length > 0 && Without(current.Interactions, update.RemovedItemIds) is { } remaining)
        {
            current.Interactions = remaining;
            changed = true;
            listChanged = true;
        }

        if (!changed)
        {
            return false;
        }

        var writer = _writeBehind!;
        if (!writer.IsEnabled)
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch (InconsistentStateException)
            {
                // a newer activation wrote this user: this copy is stale, so step aside (the caller retries)
                DeactivateOnIdle();
                throw;
            }

            writer.MarkWritten();
        }
        else if (listChanged)
        {
            writer.MarkDirty();
        }
        else
        {
            // an embedding-only change (a neighbourhood flush, a consolidation): recomputable, so it goes with the
            // next list write or the deactivation rather than costing a write of its own
            writer.MarkDeferred();
        }

        return true;
    }

    // The sorted list without the removed items, or null when it holds none of them. One array of the exact size: this
    // runs for every delivery, and the growing list of Array.FindAll (with a hash set per call) made it the largest
    // allocation of a loaded gpu silo after the engine's own (docs/online.md §9, tenth session).
    private static long[]? Without(long[] sorted, long[] removed)
    {
        bool[]? gone = null;
        var dropped = 0;
        foreach (var item in removed)
        {
            var at = Array.BinarySearch(sorted, item);
            if (at >= 0)
            {
                gone ??= new bool[sorted.Length];
                if (!gone[at])
                {
                    gone[at] = true;
                    dropped++;
                }
            }
        }

        if (gone is null)
        {
            return null;
        }

        var kept = new long[sorted.Length - dropped];
        var next = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (!gone[i])
            {
                kept[next++] = sorted[i];
            }
        }

        return kept;
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
