using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Training;

namespace UnlearnRec.Model.Baselines;

/// <summary>
/// A balanced user-based partition of a training graph into S shards (RecEraser's user-based partitioning, SISA's
/// disjoint shards): every user, with all of their edges, belongs to exactly one shard, so the shards' edge sets are
/// disjoint and cover the graph.
/// </summary>
/// <remarks>
/// Scheme (greedy "longest processing time first"): users are ordered by degree, largest first, ties broken by a
/// seeded random key; each user in turn goes to the shard with the fewest edges so far (lowest index on ties).
/// This keeps every shard within one maximum user degree of the mean edge count, so shard training times are
/// comparable, while users stay whole (a user's embedding is trained by exactly one shard model).
/// </remarks>
public sealed class ShardPartition
{
    private ShardPartition(int shards, int[] userShard, long[] edgeCounts)
    {
        Shards = shards;
        UserShard = userShard;
        EdgeCounts = edgeCounts;
    }

    /// <summary>Number of shards.</summary>
    public int Shards { get; }

    /// <summary>Shard of each user.</summary>
    public IReadOnlyList<int> UserShard { get; }

    /// <summary>Edges per shard.</summary>
    public IReadOnlyList<long> EdgeCounts { get; }

    /// <summary>Partitions the users of <paramref name="graph"/>.</summary>
    public static ShardPartition Balanced(BipartiteGraph graph, int shards, int seed)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        var users = graph.UserCount;
        var rng = new SplitMix64((ulong)seed ^ 0x5A4D_0000UL);
        var keys = new ulong[users];
        for (var u = 0; u < users; u++)
        {
            keys[u] = rng.Next();
        }

        var order = Enumerable.Range(0, users).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var byDegree = graph.UserDegree(b).CompareTo(graph.UserDegree(a));
            return byDegree != 0 ? byDegree : keys[a].CompareTo(keys[b]);
        });
        var load = new long[shards];
        var userShard = new int[users];
        foreach (var u in order)
        {
            var best = 0;
            for (var s = 1; s < shards; s++)
            {
                if (load[s] < load[best])
                {
                    best = s;
                }
            }

            userShard[u] = best;
            load[best] += graph.UserDegree(u);
        }

        return new ShardPartition(shards, userShard, load);
    }

    /// <summary>The edges of <paramref name="graph"/> whose user belongs to shard <paramref name="shard"/>.</summary>
    public EdgeList EdgesOf(BipartiteGraph graph, int shard)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, Shards);
        if (graph.UserCount != UserShard.Count)
        {
            throw new ArgumentException($"graph has {graph.UserCount} users, the partition {UserShard.Count}", nameof(graph));
        }

        var all = graph.ToEdgeList();
        return all.Where(e => UserShard[all.Users[e]] == shard);
    }

    /// <summary>The shards that own at least one edge of <paramref name="edges"/>, ascending.</summary>
    public int[] ShardsTouchedBy(EdgeList edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        return edges.Users.Select(u => UserShard[u]).Distinct().Order().ToArray();
    }
}
