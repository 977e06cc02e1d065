using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Metrics;

namespace UnlearnRec.Core.Tests.Metrics;

public sealed class MembershipInferenceTests
{
    private static readonly double Ln3 = Math.Log(3); // σ(ln 3) = 0.75, σ(−ln 3) = 0.25

    [Fact]
    public void Sigmoid_is_exact_at_known_points_and_does_not_overflow()
    {
        Assert.Equal(0.5, MembershipInference.Sigmoid(0), 15);
        Assert.Equal(0.75, MembershipInference.Sigmoid(Ln3), 15);
        Assert.Equal(0.25, MembershipInference.Sigmoid(-Ln3), 15);
        Assert.Equal(1.0, MembershipInference.Sigmoid(1000), 15);
        Assert.Equal(0.0, MembershipInference.Sigmoid(-1000), 15);
    }

    [Fact]
    public void Mi_bf_is_the_ratio_of_mean_sigmoids_before_and_after()
    {
        // before: σ = 0.5, 0.75 → mean 0.625; after: σ = 0.25, 0.5 → mean 0.375
        var miBf = MembershipInference.MiBf([0, Ln3], [-Ln3, 0]);

        Assert.Equal(0.625 / 0.375, miBf, 12);
        Assert.Throws<ArgumentException>(() => MembershipInference.MiBf([0, 1], [0]));
        Assert.Throws<ArgumentException>(() => MembershipInference.MiBf([], []));
    }

    [Fact]
    public void Mi_ng_is_the_ratio_of_mean_sigmoids_on_negatives_and_forgotten_edges()
    {
        // negatives: σ = 0.5, 0.75 → 0.625; forgotten: σ = 0.25, 0.25, 0.25 → 0.25 (lengths may differ)
        Assert.Equal(2.5, MembershipInference.MiNg([0, Ln3], [-Ln3, -Ln3, -Ln3]), 12);
    }

    [Fact]
    public void Scores_are_dot_products_from_split_or_full_node_matrices()
    {
        float[] users = [1, 2, 0, -1];           // 2 users × dim 2
        float[] items = [3, 4, 0.5f, 0.5f, 1, 0]; // 3 items × dim 2
        var pairs = new EdgeList([0, 1, 1, 0], [0, 0, 2, 1]);

        var split = MembershipInference.Scores(users, items, 2, pairs);
        var full = MembershipInference.Scores([.. users, .. items], 2, 2, pairs);

        Assert.Equal(new[] { 11.0, -4.0, 0.0, 1.5 }, split);
        Assert.Equal(split, full);
        Assert.Throws<ArgumentException>(() => MembershipInference.Scores(users, items, 2, new EdgeList([2], [0])));
        Assert.Throws<ArgumentException>(() => MembershipInference.Scores([.. users, .. items], 2, 2, new EdgeList([2], [0])));
    }

    [Fact]
    public void Negative_sampler_never_returns_a_graph_edge_and_covers_all_non_edges()
    {
        // a dense 10×10 graph (every pair with (u + v) % 2 == 0, i.e. 50 %) makes rejection matter
        var us = new List<int>();
        var vs = new List<int>();
        for (var u = 0; u < 10; u++)
        {
            for (var v = 0; v < 10; v++)
            {
                if ((u + v) % 2 == 0)
                {
                    us.Add(u);
                    vs.Add(v);
                }
            }
        }

        var graph = BipartiteGraph.Build(10, 10, new EdgeList([.. us], [.. vs]));

        var negatives = MembershipInference.SampleNegatives(graph, 2000, seed: 1);

        Assert.Equal(2000, negatives.Count);
        for (var e = 0; e < negatives.Count; e++)
        {
            Assert.False(graph.Contains(negatives.Users[e], negatives.Items[e]), $"sampled edge ({negatives.Users[e]}, {negatives.Items[e]})");
        }

        Assert.Equal(50, negatives.ToKeySet().Count); // all 50 non-edges show up (≈ 40 draws each)
        var again = MembershipInference.SampleNegatives(graph, 2000, seed: 1);
        var other = MembershipInference.SampleNegatives(graph, 2000, seed: 2);
        Assert.Equal(negatives.Users, again.Users);
        Assert.Equal(negatives.Items, again.Items);
        Assert.NotEqual(negatives.Items, other.Items);
    }

    [Fact]
    public void Negative_sampler_rejects_a_complete_graph()
    {
        var complete = BipartiteGraph.Build(2, 2, new EdgeList([0, 0, 1, 1], [0, 1, 0, 1]));
        Assert.Throws<ArgumentException>(() => MembershipInference.SampleNegatives(complete, 1, 0));
    }

    [Fact]
    public void Mi_ng_over_draws_averages_seeded_draws_and_starts_with_the_plain_sample()
    {
        const int Users = 30, Items = 20;
        var random = new Random(9);
        var nodes = Enumerable.Range(0, (Users + Items) * 3).Select(_ => (float)random.NextDouble()).ToArray();
        var graph = BipartiteGraph.Build(Users, Items, new EdgeList(
            Enumerable.Range(0, 60).Select(i => i % Users).ToArray(),
            Enumerable.Range(0, 60).Select(i => (i * 7) % Items).ToArray()));
        var forgotten = new EdgeList([0, 1, 2, 3, 4], [0, 7, 14, 1, 8]);
        double[] Score(EdgeList p) => MembershipInference.Scores(nodes, Users, 3, p);

        var one = MembershipInference.MiNgOverDraws(Score, graph, forgotten, draws: 1, seed: 4);
        var manual = MembershipInference.MiNg(Score(MembershipInference.SampleNegatives(graph, forgotten.Count, 4)), Score(forgotten));
        var five = MembershipInference.MiNgOverDraws(Score, graph, forgotten, draws: 5, seed: 4);
        var fiveAgain = MembershipInference.MiNgOverDraws(Score, graph, forgotten, draws: 5, seed: 4);

        Assert.Equal(manual, one, 12);
        Assert.Equal(five, fiveAgain);
        Assert.NotEqual(one, five);
    }
}
