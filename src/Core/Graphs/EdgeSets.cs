using UnlearnRec.Core.Common;
using UnlearnRec.Core.Data;

namespace UnlearnRec.Core.Graphs;

/// <summary>
/// Set operations on interaction edges and seeded edge sampling, shared by pre-training, unlearning, the experiment
/// protocols and the baselines. Edges are compared by their packed <see cref="EdgeList.Key"/>. Non-edge (negative)
/// sampling lives with the metrics: see <see cref="Metrics.MembershipInference.SampleNegatives(BipartiteGraph, int, int)"/>.
/// </summary>
public static class EdgeSets
{
    /// <summary>The edges of <paramref name="graph"/> that are not in <paramref name="remove"/>, ordered by user, then item.</summary>
    public static EdgeList Minus(BipartiteGraph graph, EdgeList remove)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(remove);
        if (remove.Count == 0)
        {
            return graph.ToEdgeList();
        }

        var drop = remove.ToKeySet();
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

        return new EdgeList([.. users], [.. items]);
    }

    /// <summary>
    /// The residual graph <paramref name="graph"/> \ <paramref name="remove"/> with degrees recomputed; edges of
    /// <paramref name="remove"/> that are not in the graph are ignored. When nothing is removed the same instance is
    /// returned: graphs are immutable, and callers hold residuals of large graphs, so a copy would only cost memory.
    /// </summary>
    public static BipartiteGraph Residual(BipartiteGraph graph, EdgeList remove)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(remove);
        if (remove.Count == 0)
        {
            return graph;
        }

        var kept = Minus(graph, remove);
        return kept.Count == graph.EdgeCount ? graph : BipartiteGraph.Build(graph.UserCount, graph.ItemCount, kept);
    }

    /// <summary>Union of two edge lists: duplicates (also within one list) merged, first occurrence kept, <paramref name="a"/>'s edges first.</summary>
    public static EdgeList Union(EdgeList a, EdgeList b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Distinct(Concat(a, b));
    }

    /// <summary>Concatenation of edge lists in order (duplicates are kept; <see cref="BipartiteGraph.Build"/> merges them).</summary>
    public static EdgeList Concat(params EdgeList[] lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var total = 0;
        foreach (var list in lists)
        {
            ArgumentNullException.ThrowIfNull(list, nameof(lists));
            total += list.Count;
        }

        var users = new int[total];
        var items = new int[total];
        var at = 0;
        foreach (var list in lists)
        {
            list.Users.CopyTo(users, at);
            list.Items.CopyTo(items, at);
            at += list.Count;
        }

        return new EdgeList(users, items);
    }

    /// <summary>The distinct edges of <paramref name="edges"/>, first occurrence kept, order preserved.</summary>
    public static EdgeList Distinct(EdgeList edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var seen = new HashSet<long>(edges.Count);
        return edges.Where(e => seen.Add(EdgeList.Key(edges.Users[e], edges.Items[e])));
    }

    /// <summary>Whether every edge of <paramref name="subset"/> is in <paramref name="set"/> (duplicates in either list are irrelevant).</summary>
    public static bool IsSubset(EdgeList subset, EdgeList set)
    {
        ArgumentNullException.ThrowIfNull(subset);
        ArgumentNullException.ThrowIfNull(set);
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
    /// A uniform random subset of round(<paramref name="ratio"/> × |<paramref name="candidates"/>|) candidates (at least
    /// one, at most all that are not excluded), drawn without replacement in random order. Candidates whose key is in
    /// <paramref name="exclude"/> are never drawn; the size still follows the full candidate count, so a request drawn
    /// next to a held-out one has the requested fraction of the graph. Deterministic for a seed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ratio"/> is outside [0, 1].</exception>
    public static EdgeList Sample(EdgeList candidates, double ratio, ulong seed, HashSet<long>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (!(ratio >= 0 && ratio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "the sample ratio must lie in [0, 1]");
        }

        var pool = new List<int>(candidates.Count);
        for (var e = 0; e < candidates.Count; e++)
        {
            if (exclude is null || !exclude.Contains(EdgeList.Key(candidates.Users[e], candidates.Items[e])))
            {
                pool.Add(e);
            }
        }

        if (pool.Count == 0)
        {
            return EdgeList.Empty;
        }

        var count = Math.Clamp((int)Math.Round(ratio * candidates.Count), 1, pool.Count);
        var chosen = Shuffled([.. pool], count, seed);
        return Select(candidates, chosen);
    }

    /// <summary>
    /// min(<paramref name="count"/>, |E|) distinct edges of <paramref name="graph"/> drawn uniformly without
    /// replacement (e.g. training edges as attack members or as positives), ordered by user, then item. Deterministic
    /// for a seed.
    /// </summary>
    public static EdgeList SampleEdges(BipartiteGraph graph, int count, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var edges = graph.ToEdgeList();
        var chosen = Shuffled([.. Enumerable.Range(0, edges.Count)], Math.Min(count, edges.Count), seed);
        // graph order rather than draw order: the sample is a set, and a canonical order makes it easy to compare
        Array.Sort(chosen);
        return Select(edges, chosen);
    }

    /// <summary>The first <paramref name="take"/> entries of a seeded partial Fisher–Yates shuffle of <paramref name="pool"/> (a uniform sample without replacement).</summary>
    private static int[] Shuffled(int[] pool, int take, ulong seed)
    {
        var random = new StableRandom(unchecked((long)seed));
        for (var i = 0; i < take; i++)
        {
            var j = i + random.NextInt(pool.Length - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool[..take];
    }

    private static EdgeList Select(EdgeList edges, int[] indices)
    {
        var users = new int[indices.Length];
        var items = new int[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            users[i] = edges.Users[indices[i]];
            items[i] = edges.Items[indices[i]];
        }

        return new EdgeList(users, items);
    }
}
