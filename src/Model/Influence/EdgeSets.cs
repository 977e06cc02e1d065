using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Training;

namespace UnlearnRec.Model.Influence;

/// <summary>Edge-set arithmetic and seeded sampling shared by pre-training, unlearning and the metrics.</summary>
internal static class EdgeSets
{
    /// <summary><paramref name="graph"/> minus <paramref name="removed"/> (edges not in the graph are ignored).</summary>
    public static BipartiteGraph Remove(BipartiteGraph graph, EdgeList removed)
    {
        if (removed.Count == 0)
        {
            return graph;
        }

        var drop = removed.ToKeySet();
        var users = new List<int>(graph.EdgeCount);
        var items = new List<int>(graph.EdgeCount);
        for (var u = 0; u < graph.UserCount; u++)
        {
            foreach (var v in graph.ItemsOf(u))
            {
                if (!drop.Contains(EdgeList.Key(u, v)))
                {
                    users.Add(u);
                    items.Add(v);
                }
            }
        }

        return BipartiteGraph.Build(graph.UserCount, graph.ItemCount, new EdgeList([.. users], [.. items]));
    }

    /// <summary>Union of two edge lists, duplicates merged, first list's order first.</summary>
    public static EdgeList Union(EdgeList a, EdgeList b)
    {
        var seen = new HashSet<long>(a.Count + b.Count);
        var users = new List<int>(a.Count + b.Count);
        var items = new List<int>(a.Count + b.Count);
        foreach (var list in new[] { a, b })
        {
            for (var e = 0; e < list.Count; e++)
            {
                if (seen.Add(EdgeList.Key(list.Users[e], list.Items[e])))
                {
                    users.Add(list.Users[e]);
                    items.Add(list.Items[e]);
                }
            }
        }

        return new EdgeList([.. users], [.. items]);
    }

    /// <summary>Whether every edge of <paramref name="subset"/> is in <paramref name="set"/>.</summary>
    public static bool IsSubset(EdgeList subset, EdgeList set)
    {
        if (subset.Count > set.Count)
        {
            return false;
        }

        var keys = set.ToKeySet();
        for (var e = 0; e < subset.Count; e++)
        {
            if (!keys.Contains(EdgeList.Key(subset.Users[e], subset.Items[e])))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A uniform random subset of round(ratio × |candidates|) edges (at least one), by a seeded partial Fisher–Yates
    /// shuffle; edges whose key is in <paramref name="exclude"/> are never drawn.
    /// </summary>
    public static EdgeList Sample(EdgeList candidates, double ratio, ulong seed, HashSet<long>? exclude = null)
    {
        var pool = new List<int>(candidates.Count);
        for (var e = 0; e < candidates.Count; e++)
        {
            if (exclude is null || !exclude.Contains(EdgeList.Key(candidates.Users[e], candidates.Items[e])))
            {
                pool.Add(e);
            }
        }

        var count = Math.Clamp((int)Math.Round(ratio * candidates.Count), 1, Math.Max(1, pool.Count));
        if (pool.Count == 0)
        {
            return EdgeList.Empty;
        }

        var rng = new SplitMix64(seed);
        var users = new int[count];
        var items = new int[count];
        for (var i = 0; i < count; i++)
        {
            var j = i + (int)rng.NextBelow((ulong)(pool.Count - i));
            (pool[i], pool[j]) = (pool[j], pool[i]);
            users[i] = candidates.Users[pool[i]];
            items[i] = candidates.Items[pool[i]];
        }

        return new EdgeList(users, items);
    }

    /// <summary>
    /// <paramref name="count"/> uniformly random user–item pairs that are not edges of <paramref name="graph"/>
    /// (rejection sampling; duplicates allowed, as independent draws).
    /// </summary>
    public static EdgeList SampleNonEdges(BipartiteGraph graph, int count, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var users = new int[count];
        var items = new int[count];
        var attempts = 0L;
        var limit = 1000L * Math.Max(1, count);
        for (var i = 0; i < count;)
        {
            if (++attempts > limit)
            {
                throw new InvalidOperationException("the graph is too dense to sample non-edges");
            }

            var u = (int)rng.NextBelow((ulong)graph.UserCount);
            var v = (int)rng.NextBelow((ulong)graph.ItemCount);
            if (!graph.Contains(u, v))
            {
                users[i] = u;
                items[i] = v;
                i++;
            }
        }

        return new EdgeList(users, items);
    }
}
