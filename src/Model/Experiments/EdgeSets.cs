using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;

namespace UnlearnRec.Model.Experiments;

/// <summary>Set operations on interaction edges used to build attacked and residual graphs.</summary>
public static class EdgeSets
{
    /// <summary>The edges of <paramref name="graph"/> that are not in <paramref name="remove"/> (ordered by user, then item).</summary>
    public static EdgeList Minus(BipartiteGraph graph, EdgeList remove)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(remove);
        var drop = remove.ToKeySet();
        var all = graph.ToEdgeList();
        return drop.Count == 0 ? all : all.Where(e => !drop.Contains(EdgeList.Key(all.Users[e], all.Items[e])));
    }

    /// <summary>The residual graph <paramref name="graph"/> \ <paramref name="remove"/> (degrees recomputed).</summary>
    public static BipartiteGraph Residual(BipartiteGraph graph, EdgeList remove)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return BipartiteGraph.Build(graph.UserCount, graph.ItemCount, Minus(graph, remove));
    }

    /// <summary>Concatenation of edge lists (duplicates are kept; <see cref="BipartiteGraph.Build"/> merges them).</summary>
    public static EdgeList Concat(params EdgeList[] lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var users = lists.SelectMany(l => l.Users).ToArray();
        var items = lists.SelectMany(l => l.Items).ToArray();
        return new EdgeList(users, items);
    }

    /// <summary>The distinct edges of <paramref name="edges"/>, first occurrence kept, order preserved.</summary>
    public static EdgeList Distinct(EdgeList edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var seen = new HashSet<long>(edges.Count);
        return edges.Where(e => seen.Add(EdgeList.Key(edges.Users[e], edges.Items[e])));
    }
}
