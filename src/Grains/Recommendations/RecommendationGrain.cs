using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using UnlearnRec.Grains.Diagnostics;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Grains.Options;

namespace UnlearnRec.Grains.Recommendations;

/// <summary>
/// Answers top-k queries without holding state: reads the user's served embedding and interactions, asks every item
/// shard for its own top k (excluding items the user has seen), and merges the candidates.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class RecommendationGrain(
    IOptions<ServingTopologyOptions> topology,
    ILogger<RecommendationGrain> logger) : Grain, IRecommendationGrain
{
    /// <summary>Largest k a query may ask for.</summary>
    public const int MaxK = 1000;

    /// <inheritdoc />
    public async Task<Recommendation> RecommendAsync(long userId, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, MaxK);
        var view = await GrainFactory.GetGrain<IUserGrain>(userId).GetViewAsync();
        if (!view.Exists || view.Embedding.Length == 0)
        {
            ServingLogMessages.UnknownUser(logger, userId);
            return new Recommendation(userId, false, view.Version, [], []);
        }

        var shards = topology.Value.ItemShards;
        var exclude = new List<long>[shards];
        foreach (var item in view.Interactions)
        {
            (exclude[ServingTopology.ShardOf(item, shards)] ??= []).Add(item);
        }

        var queries = new Task<ScoredItems>[shards];
        for (var s = 0; s < shards; s++)
        {
            var query = new TopKQuery(view.Embedding, k, exclude[s]?.ToArray() ?? []);
            queries[s] = GrainFactory.GetGrain<IItemShardGrain>(s).TopKAsync(query);
        }

        var results = await Task.WhenAll(queries);
        var merged = results
            .SelectMany(r => r.ItemIds.Zip(r.Scores))
            .OrderByDescending(p => p.Second)
            .ThenBy(p => p.First)
            .Take(k)
            .ToArray();
        return new Recommendation(userId, true, view.Version, merged.Select(p => p.First).ToArray(), merged.Select(p => p.Second).ToArray());
    }
}
