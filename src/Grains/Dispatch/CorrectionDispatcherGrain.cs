using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using UnlearnRec.Grains.Diagnostics;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Grains.Options;
using UnlearnRec.Grains.Persistence;

namespace UnlearnRec.Grains.Dispatch;

/// <summary>
/// Delivers a correction batch: groups rows and removed interactions per target so each user grain and each item
/// shard receives exactly one call per batch, and keeps at most <see cref="CorrectionDispatchOptions.MaxInFlight"/>
/// calls in flight. Stateless and reentrant: it only forwards, and awaiting targets should not block other batches.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class CorrectionDispatcherGrain(
    IOptions<CorrectionDispatchOptions> options,
    IOptions<ServingTopologyOptions> topology,
    UnlearnRecMetrics metrics,
    ILogger<CorrectionDispatcherGrain> logger) : Grain, ICorrectionDispatcherGrain
{
    /// <inheritdoc />
    public async Task<DispatchReport> DispatchAsync(CorrectionBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var started = Stopwatch.GetTimestamp();
        var userCalls = BuildUserCalls(batch);
        var shardCalls = BuildShardCalls(batch);
        var calls = new List<Func<Task<int>>>(userCalls.Count + shardCalls.Count);
        calls.AddRange(shardCalls);
        calls.AddRange(userCalls);
        metrics.CorrectionRows.Record(batch.Users.Count + batch.Items.Count);
        int[] results;
        try
        {
            results = await BoundedFanOut.RunAsync(calls, options.Value.MaxInFlight, d => metrics.FanoutInFlight.Add(d));
        }
        catch (Exception e)
        {
            DispatchLogMessages.DispatchFailed(logger, e, batch.EngineVersion, calls.Count);
            throw;
        }

        var report = new DispatchReport(userCalls.Count, shardCalls.Count, results.Skip(shardCalls.Count).Sum(), results.Take(shardCalls.Count).Sum());
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        metrics.DispatchLatencyMs.Record(elapsed);
        DispatchLogMessages.Dispatched(logger, batch.EngineVersion, report.UserCalls, report.ShardCalls, elapsed);
        return report;
    }

    private List<Func<Task<int>>> BuildUserCalls(CorrectionBatch batch)
    {
        var rows = new Dictionary<long, int>(batch.Users.Count);
        for (var i = 0; i < batch.Users.Count; i++)
        {
            rows[batch.Users.Ids[i]] = i;
        }

        var removed = new Dictionary<long, List<long>>();
        for (var i = 0; i < batch.RemovedUserIds.Length; i++)
        {
            if (!removed.TryGetValue(batch.RemovedUserIds[i], out var list))
            {
                removed[batch.RemovedUserIds[i]] = list = [];
            }

            list.Add(batch.RemovedItemIds[i]);
        }

        var lists = new Dictionary<long, long[]>();
        if (batch.Interactions is { } seed)
        {
            for (var i = 0; i < seed.UserIds.Length; i++)
            {
                lists[seed.UserIds[i]] = seed.ItemIds[seed.Pointers[i]..seed.Pointers[i + 1]];
            }
        }

        var users = new HashSet<long>(rows.Keys);
        users.UnionWith(removed.Keys);
        users.UnionWith(lists.Keys);
        var calls = new List<Func<Task<int>>>(users.Count);
        var bytesPerRow = batch.Users.Dim * sizeof(float);
        foreach (var user in users)
        {
            var embedding = rows.TryGetValue(user, out var row)
                ? batch.Users.Values.AsSpan(row * bytesPerRow, bytesPerRow).ToArray()
                : [];
            var update = new UserUpdate(
                batch.EngineVersion,
                embedding,
                removed.TryGetValue(user, out var gone) ? [.. gone] : [],
                lists.TryGetValue(user, out var full) ? full : null);
            var grain = GrainFactory.GetGrain<IUserGrain>(user);
            calls.Add(async () => await grain.ApplyAsync(update) && embedding.Length > 0 ? 1 : 0);
        }

        return calls;
    }

    private List<Func<Task<int>>> BuildShardCalls(CorrectionBatch batch)
    {
        var shards = topology.Value.ItemShards;
        var groups = new Dictionary<int, List<int>>();
        for (var i = 0; i < batch.Items.Count; i++)
        {
            var shard = ServingTopology.ShardOf(batch.Items.Ids[i], shards);
            if (!groups.TryGetValue(shard, out var list))
            {
                groups[shard] = list = [];
            }

            list.Add(i);
        }

        var calls = new List<Func<Task<int>>>(groups.Count);
        var dim = batch.Items.Dim;
        var bytesPerRow = dim * sizeof(float);
        foreach (var (shard, indices) in groups)
        {
            var ids = new long[indices.Count];
            var values = new byte[indices.Count * bytesPerRow];
            for (var n = 0; n < indices.Count; n++)
            {
                ids[n] = batch.Items.Ids[indices[n]];
                batch.Items.Values.AsSpan(indices[n] * bytesPerRow, bytesPerRow).CopyTo(values.AsSpan(n * bytesPerRow));
            }

            var update = new ItemShardUpdate(batch.EngineVersion, new PackedRows(ids, values, dim));
            var grain = GrainFactory.GetGrain<IItemShardGrain>(shard);
            calls.Add(() => grain.ApplyAsync(update));
        }

        return calls;
    }
}
