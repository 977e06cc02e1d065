using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Experiments;

namespace UnlearnRec.Model.Tests.Experiments;

public sealed class RequestProtocolTests
{
    private static BipartiteGraph RandomGraph(int users, int items, int edges, int seed)
    {
        var rng = new Random(seed);
        var u = Enumerable.Range(0, edges).Select(_ => rng.Next(users)).ToArray();
        var v = Enumerable.Range(0, edges).Select(_ => rng.Next(items)).ToArray();
        return BipartiteGraph.Build(users, items, new EdgeList(u, v));
    }

    private static float[] RandomEmbeddings(int nodes, int dim, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, nodes * dim).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }

    private static float Score(float[] f, int dim, int users, int u, int v) =>
        Enumerable.Range(0, dim).Sum(k => f[(u * dim) + k] * f[((users + v) * dim) + k]);

    [Fact]
    public void AdversarialInjectionPicksTheLowestScoredNonEdgeForEveryUserAndItem()
    {
        const int users = 40, items = 30, dim = 8;
        var clean = RandomGraph(users, items, 300, 1);
        var final = RandomEmbeddings(users + items, dim, 2);

        var injection = AdversarialAttack.Inject(clean, final, 1.0, seed: 7);

        Assert.Equal(users, injection.UserPicks);
        Assert.Equal(items, injection.ItemPicks);
        Assert.Equal(users + items, injection.PicksBeforeDedupe);
        var injected = injection.Injected.ToKeySet();
        Assert.Equal(injection.Injected.Count, injected.Count); // deduplicated
        Assert.True(injection.Injected.Count <= users + items);
        Assert.All(Enumerable.Range(0, injection.Injected.Count), e => Assert.False(clean.Contains(injection.Injected.Users[e], injection.Injected.Items[e])));
        for (var u = 0; u < users; u++)
        {
            var best = Enumerable.Range(0, items).Where(v => !clean.Contains(u, v)).MinBy(v => Score(final, dim, users, u, v));
            Assert.Contains(EdgeList.Key(u, best), injected);
        }

        for (var v = 0; v < items; v++)
        {
            var best = Enumerable.Range(0, users).Where(u => !clean.Contains(u, v)).MinBy(u => Score(final, dim, users, u, v));
            Assert.Contains(EdgeList.Key(best, v), injected);
        }

        // attacked = clean ∪ injected
        Assert.Equal(clean.EdgeCount + injection.Injected.Count, injection.Attacked.EdgeCount);
        Assert.All(Enumerable.Range(0, injection.Injected.Count), e => Assert.True(injection.Attacked.Contains(injection.Injected.Users[e], injection.Injected.Items[e])));
    }

    [Fact]
    public void AdversarialInjectionWithRatioPicksAboutRTimesUsersPlusItems()
    {
        var clean = RandomGraph(200, 100, 2000, 3);
        var final = RandomEmbeddings(300, 4, 4);

        var half = AdversarialAttack.Inject(clean, final, 0.5, seed: 1);
        var again = AdversarialAttack.Inject(clean, final, 0.5, seed: 1);
        var other = AdversarialAttack.Inject(clean, final, 0.5, seed: 2);

        Assert.Equal(100, half.UserPicks);
        Assert.Equal(50, half.ItemPicks);
        Assert.InRange(half.Injected.Count, 100, 150);
        Assert.Equal(half.Injected.ToKeySet(), again.Injected.ToKeySet());
        Assert.NotEqual(half.Injected.ToKeySet(), other.Injected.ToKeySet());
    }

    [Fact]
    public void RandomRequestTakesTheRequestedFractionOfDistinctTrainingEdges()
    {
        var graph = RandomGraph(500, 400, 20_000, 5);

        var request = RandomRequest.Sample(graph, 0.01, seed: 3);

        Assert.Equal((int)Math.Round(0.01 * graph.EdgeCount, MidpointRounding.AwayFromZero), request.Count);
        Assert.Equal(request.Count, request.ToKeySet().Count);
        Assert.All(Enumerable.Range(0, request.Count), e => Assert.True(graph.Contains(request.Users[e], request.Items[e])));
        Assert.Equal(request.ToKeySet(), RandomRequest.Sample(graph, 0.01, seed: 3).ToKeySet());
        Assert.NotEqual(request.ToKeySet(), RandomRequest.Sample(graph, 0.01, seed: 4).ToKeySet());
        Assert.Equal(1, RandomRequest.Sample(graph, 1e-9, seed: 3).Count);
    }

    [Fact]
    public void SequentialScheduleSplitsIntoDisjointPartsWhoseCumulativeUnionIsTheRequest()
    {
        var graph = RandomGraph(100, 80, 3000, 6);
        var request = RandomRequest.Sample(graph, 0.1, seed: 1);

        var parts = RequestSchedule.Split(request, 4, seed: 9);

        Assert.Equal(4, parts.Count);
        Assert.All(parts, p => Assert.InRange(p.Count, (request.Count / 4) - 1, (request.Count / 4) + 1));
        var seen = new HashSet<long>();
        foreach (var p in parts)
        {
            Assert.All(Enumerable.Range(0, p.Count), e => Assert.True(seen.Add(EdgeList.Key(p.Users[e], p.Items[e]))));
        }

        Assert.Equal(request.ToKeySet(), seen);
        Assert.Equal(parts[0].Count + parts[1].Count, RequestSchedule.Cumulative(parts, 1).Count);
        Assert.Equal(request.ToKeySet(), RequestSchedule.Cumulative(parts, 3).ToKeySet());
    }

    [Fact]
    public void ResidualRemovesExactlyTheRequest()
    {
        var graph = RandomGraph(50, 40, 800, 8);
        var request = RandomRequest.Sample(graph, 0.2, seed: 2);

        var residual = EdgeSets.Residual(graph, request);

        Assert.Equal(graph.EdgeCount - request.Count, residual.EdgeCount);
        Assert.All(Enumerable.Range(0, request.Count), e => Assert.False(residual.Contains(request.Users[e], request.Items[e])));
    }
}
