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
/// A change of the interaction list is written before <see cref="ApplyAsync"/> returns (the deletion is not applied
/// until its removal is durable). An update that only moves the embedding is written behind
/// (<see cref="ServingPersistenceOptions.EmbeddingWriteBehind"/>): neighbourhood refreshes reach many users, and
/// writing each of them at once made the storage the bottleneck of every deletion.
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
        _writeBehind = new WriteBehind(this, () => state.WriteStateAsync(), persistence.Value.EmbeddingWriteBehind, logger, persistence.Value.WriteBehindOnShutdown);
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
        var interactionsChanged = false;
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
                interactionsChanged = !sorted.AsSpan().SequenceEqual(current.Interactions);
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
                interactionsChanged = true;
            }
        }

        if (!changed)
        {
            return false;
        }

        var writer = _writeBehind!;
        if (interactionsChanged || !writer.IsEnabled)
        {
            // the write covers any embedding change still waiting behind it
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
        else
        {
            writer.MarkDirty();
        }

        return true;
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
