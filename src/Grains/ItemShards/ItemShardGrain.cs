using System.Numerics.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Storage;
using UnlearnRec.Grains.Diagnostics;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Grains.Options;
using UnlearnRec.Grains.Persistence;

namespace UnlearnRec.Grains.ItemShards;

/// <summary>
/// Serves the items of one shard: a contiguous row-major float table in memory (decoded once per activation) with a
/// per-row version watermark.
/// </summary>
/// <remarks>
/// Reentrant, and top-k reads are not held up by writes. Every change to the table happens in a synchronous section,
/// so interleaved calls never see a half-applied update. Rows are embeddings only (no interactions): recomputable, and
/// re-sent by the influence grain when a silo is lost. So with write-behind on
/// (<see cref="ServingPersistenceOptions.WriteBehind"/>) only rows of items the shard did not hold yet (seeding) are
/// written within the delay; changed rows wait for that or the deactivation (a clean stop included), off the path of
/// the deletions: one ~120 KB blob per delivery made every deletion wait for storage, and one per write-behind
/// interval made the shards a load touched write together. With the write-behind set to zero an update is
/// acknowledged only after a (group-committed) write that includes it.
/// </remarks>
[Reentrant]
public sealed partial class ItemShardGrain(
    [PersistentState("shard", StorageNames.ItemShards)] IPersistentState<ItemShardState> state,
    IOptions<ServingPersistenceOptions> persistence,
    UnlearnRecMetrics metrics,
    ILogger<ItemShardGrain> logger) : Grain, IItemShardGrain
{
    private readonly Dictionary<long, int> _index = [];
    private readonly List<long> _ids = [];
    private readonly List<long> _versions = [];
    private float[] _values = [];
    private int _dim;
    private CoalescingWriter? _writer;
    private WriteBehind? _writeBehind;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new CoalescingWriter(WriteAsync);
        _writeBehind = new WriteBehind(this, () => _writer.WriteAsync(), persistence.Value.WriteBehind, logger, persistence.Value.WriteBehindOnShutdown, persistence.Value.WriteBehindSpread);
        var s = state.State;
        _dim = s.Dim;
        _values = PackedVectors.Unpack(s.Values);
        for (var i = 0; i < s.ItemIds.Length; i++)
        {
            _index[s.ItemIds[i]] = i;
            _ids.Add(s.ItemIds[i]);
            _versions.Add(s.RowVersions[i]);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writeBehind!.FlushOnDeactivationAsync(reason);

    /// <inheritdoc />
    public async Task<int> ApplyAsync(ItemShardUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var rows = update.Rows;
        if (rows.Count == 0)
        {
            return 0;
        }

        if (_dim != 0 && rows.Dim != _dim)
        {
            // a model of another width: only a strictly newer model may replace the whole shard
            if (_versions.Count > 0 && update.Version <= _versions.Max())
            {
                throw new InvalidOperationException($"shard {this.GetPrimaryKeyLong()} holds dim {_dim} rows; refusing dim {rows.Dim} rows of an older version {update.Version}");
            }

            ServingLogMessages.ShardReset(logger, this.GetPrimaryKeyLong(), _dim, rows.Dim);
            _index.Clear();
            _ids.Clear();
            _versions.Clear();
            _values = [];
        }

        _dim = rows.Dim;
        EnsureCapacity(_ids.Count + rows.Count);
        var applied = 0;
        var added = false;
        for (var r = 0; r < rows.Count; r++)
        {
            var id = rows.Ids[r];
            if (!_index.TryGetValue(id, out var slot))
            {
                added = true;
                slot = _ids.Count;
                _index[id] = slot;
                _ids.Add(id);
                _versions.Add(-1);
            }

            if (update.Version > _versions[slot])
            {
                rows.Row(r).CopyTo(_values.AsSpan(slot * _dim, _dim));
                _versions[slot] = update.Version;
                applied++;
            }
        }

        if (applied == 0)
        {
            return 0;
        }

        metrics.CorrectionsApplied.Add(applied);
        if (!_writeBehind!.IsEnabled)
        {
            await _writer!.WriteAsync();
        }
        else if (added)
        {
            // items it did not hold (seeding): stored within the delay, so a shard reactivated elsewhere while no gpu
            // silo can refresh it still serves every item
            _writeBehind.MarkDirty();
        }
        else
        {
            // changed rows are recomputable and re-sent when a silo is lost: written with the next write or the
            // deactivation, not behind every delivery (the shards a load touched all wrote ~120 KB blobs together on
            // the requests' path)
            _writeBehind.MarkDeferred();
        }

        return applied;
    }

    private async Task WriteAsync()
    {
        // the snapshot is taken when the write starts, so it includes every update acknowledged by this write
        state.State = new ItemShardState
        {
            Dim = _dim,
            ItemIds = [.. _ids],
            Values = PackedVectors.Pack(_values.AsSpan(0, _ids.Count * _dim)),
            RowVersions = [.. _versions],
        };
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            // another activation of this shard wrote meanwhile: this copy is stale, so step aside
            DeactivateOnIdle();
            throw;
        }
    }

    /// <inheritdoc />
    public Task<ScoredItems> TopKAsync(TopKQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (_ids.Count == 0 || query.K <= 0)
        {
            return Task.FromResult(new ScoredItems([], []));
        }

        var user = PackedVectors.View(query.UserVector);
        if (user.Length != _dim)
        {
            throw new ArgumentException($"user vector has {user.Length} values; shard rows have {_dim}");
        }

        var exclude = query.Exclude.Length == 0 ? null : new HashSet<long>(query.Exclude);
        var heap = new PriorityQueue<int, float>(query.K + 1);
        for (var i = 0; i < _ids.Count; i++)
        {
            if (exclude is not null && exclude.Contains(_ids[i]))
            {
                continue;
            }

            var score = TensorPrimitives.Dot(user, _values.AsSpan(i * _dim, _dim));
            if (heap.Count < query.K)
            {
                heap.Enqueue(i, score);
            }
            else if (heap.TryPeek(out _, out var lowest) && score > lowest)
            {
                heap.DequeueEnqueue(i, score);
            }
        }

        var count = heap.Count;
        var ids = new long[count];
        var scores = new float[count];
        for (var n = count - 1; n >= 0; n--)
        {
            heap.TryDequeue(out var slot, out var score);
            ids[n] = _ids[slot];
            scores[n] = score;
        }

        return Task.FromResult(new ScoredItems(ids, scores));
    }

    /// <inheritdoc />
    public Task<PackedRows> GetRowsAsync(long[] itemIds)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        var found = new List<long>(itemIds.Length);
        var values = new List<float>(itemIds.Length * _dim);
        foreach (var id in itemIds)
        {
            if (_index.TryGetValue(id, out var slot))
            {
                found.Add(id);
                values.AddRange(_values.AsSpan(slot * _dim, _dim));
            }
        }

        return Task.FromResult(PackedRows.FromFloats([.. found], values.ToArray(), _dim));
    }

    /// <inheritdoc />
    public Task<ItemShardExport> ExportAsync() => Task.FromResult(new ItemShardExport(
        (int)this.GetPrimaryKeyLong(),
        PackedRows.FromFloats([.. _ids], _values.AsSpan(0, _ids.Count * _dim), _dim),
        [.. _versions]));

    private void EnsureCapacity(int rows)
    {
        if (_values.Length < rows * _dim)
        {
            Array.Resize(ref _values, Math.Max(rows * _dim, _values.Length * 2));
        }
    }
}
