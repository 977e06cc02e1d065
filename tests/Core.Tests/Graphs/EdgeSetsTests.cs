using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;

namespace UnlearnRec.Core.Tests.Graphs;

public sealed class EdgeSetsTests
{
    private static BipartiteGraph RandomGraph(int users, int items, int edges, int seed)
    {
        var random = new Random(seed);
        var u = Enumerable.Range(0, edges).Select(_ => random.Next(users)).ToArray();
        var v = Enumerable.Range(0, edges).Select(_ => random.Next(items)).ToArray();
        return BipartiteGraph.Build(users, items, new EdgeList(u, v));
    }

    private static (int, int)[] Pairs(EdgeList edges) =>
        Enumerable.Range(0, edges.Count).Select(e => (edges.Users[e], edges.Items[e])).ToArray();

    [Fact]
    public void Residual_removes_exactly_the_listed_edges_and_ignores_non_edges()
    {
        var graph = RandomGraph(40, 30, 600, 1);
        var all = graph.ToEdgeList();
        var nonEdge = Enumerable.Range(0, 30).First(v => !graph.Contains(39, v));
        // two edges (one listed twice) and a pair that is not an edge
        var remove = new EdgeList([all.Users[0], all.Users[7], all.Users[7], 39], [all.Items[0], all.Items[7], all.Items[7], nonEdge]);

        var residual = EdgeSets.Residual(graph, remove);

        Assert.Equal(graph.EdgeCount - 2, residual.EdgeCount);
        Assert.Equal(graph.UserCount, residual.UserCount);
        Assert.Equal(graph.ItemCount, residual.ItemCount);
        Assert.Equal(Pairs(EdgeSets.Minus(graph, remove)), Pairs(residual.ToEdgeList()));
        var removed = remove.ToKeySet();
        Assert.All(Pairs(all), p => Assert.Equal(!removed.Contains(EdgeList.Key(p.Item1, p.Item2)), residual.Contains(p.Item1, p.Item2)));
    }

    [Fact]
    public void Residual_returns_the_same_graph_when_nothing_is_removed()
    {
        var graph = RandomGraph(10, 10, 40, 2);

        Assert.Same(graph, EdgeSets.Residual(graph, EdgeList.Empty));
        var nonEdge = Enumerable.Range(0, 10).First(v => !graph.Contains(0, v));
        Assert.Same(graph, EdgeSets.Residual(graph, new EdgeList([0], [nonEdge])));
        Assert.Equal(Pairs(graph.ToEdgeList()), Pairs(EdgeSets.Minus(graph, EdgeList.Empty)));
    }

    [Fact]
    public void Union_merges_duplicates_and_keeps_first_occurrence_order()
    {
        var a = new EdgeList([3, 1, 3], [4, 2, 4]);
        var b = new EdgeList([0, 1, 5], [0, 2, 6]);

        var union = EdgeSets.Union(a, b);

        Assert.Equal([(3, 4), (1, 2), (0, 0), (5, 6)], Pairs(union));
    }

    [Fact]
    public void Concat_keeps_duplicates_and_Distinct_drops_them_in_order()
    {
        var concat = EdgeSets.Concat(new EdgeList([1, 2], [1, 2]), EdgeList.Empty, new EdgeList([2, 0], [2, 9]));

        Assert.Equal([(1, 1), (2, 2), (2, 2), (0, 9)], Pairs(concat));
        Assert.Equal([(1, 1), (2, 2), (0, 9)], Pairs(EdgeSets.Distinct(concat)));
    }

    [Fact]
    public void IsSubset_compares_edge_sets()
    {
        var set = new EdgeList([0, 1, 2], [0, 1, 2]);

        Assert.True(EdgeSets.IsSubset(EdgeList.Empty, set));
        Assert.True(EdgeSets.IsSubset(new EdgeList([2, 0, 2], [2, 0, 2]), set)); // duplicates do not matter
        Assert.False(EdgeSets.IsSubset(new EdgeList([0, 1], [0, 2]), set));
    }

    [Fact]
    public void Sample_draws_the_requested_fraction_of_distinct_candidates_deterministically()
    {
        var edges = RandomGraph(100, 80, 3000, 3).ToEdgeList();

        var sample = EdgeSets.Sample(edges, 0.1, 42);
        var again = EdgeSets.Sample(edges, 0.1, 42);
        var other = EdgeSets.Sample(edges, 0.1, 43);

        Assert.Equal((int)Math.Round(0.1 * edges.Count), sample.Count);
        Assert.Equal(sample.Count, sample.ToKeySet().Count);
        Assert.True(EdgeSets.IsSubset(sample, edges));
        Assert.Equal(Pairs(sample), Pairs(again));
        Assert.NotEqual(Pairs(sample), Pairs(other));
        Assert.Equal(1, EdgeSets.Sample(edges, 0, 1).Count); // at least one
        Assert.Equal(edges.Count, EdgeSets.Sample(edges, 1, 1).ToKeySet().Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => EdgeSets.Sample(edges, 1.5, 1));
    }

    [Fact]
    public void Sample_never_draws_excluded_edges_and_stops_at_the_pool()
    {
        var edges = RandomGraph(60, 50, 1500, 4).ToEdgeList();
        var first = EdgeSets.Sample(edges, 0.2, 1);
        var excluded = first.ToKeySet();

        var second = EdgeSets.Sample(edges, 0.2, 2, excluded);

        Assert.Equal(first.Count, second.Count);
        Assert.All(Pairs(second), p => Assert.DoesNotContain(EdgeList.Key(p.Item1, p.Item2), excluded));
        Assert.Equal(edges.Count - first.Count, EdgeSets.Sample(edges, 1, 3, excluded).Count);
        Assert.Equal(0, EdgeSets.Sample(edges, 0.5, 4, edges.ToKeySet()).Count);
    }

    [Fact]
    public void SampleEdges_returns_distinct_graph_edges_in_graph_order()
    {
        var graph = RandomGraph(50, 40, 900, 5);

        var sample = EdgeSets.SampleEdges(graph, 200, 7);

        Assert.Equal(200, sample.Count);
        Assert.Equal(200, sample.ToKeySet().Count);
        Assert.All(Pairs(sample), p => Assert.True(graph.Contains(p.Item1, p.Item2)));
        Assert.Equal(Pairs(sample).OrderBy(p => p.Item1).ThenBy(p => p.Item2), Pairs(sample));
        Assert.Equal(Pairs(sample), Pairs(EdgeSets.SampleEdges(graph, 200, 7)));
        Assert.NotEqual(Pairs(sample), Pairs(EdgeSets.SampleEdges(graph, 200, 8)));
        // asking for more than there are returns every edge once
        Assert.Equal(Pairs(graph.ToEdgeList()), Pairs(EdgeSets.SampleEdges(graph, graph.EdgeCount + 10, 7)));
    }
}
