using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Metrics;

namespace UnlearnRec.Core.Tests.Metrics;

public sealed class RankingMetricsTests
{
    private static readonly double D1 = 1 / Math.Log2(3); // discount of rank 1; rank 0 is 1, rank 2 is 0.5

    [Fact]
    public void Hand_computed_example_matches_exactly()
    {
        var acc = new RankingMetricsAccumulator(3);
        acc.Add([5, 2, 9], [2, 7]);           // hit at rank 1: recall 1/2, ndcg D1 / (1 + D1)
        acc.Add([1, 3, 4], [1, 3, 4, 8, 11]); // 3 hits of 5: recall 3/5 (not 3/3), ndcg 1 (ideal has min(5,3) terms)
        acc.Add([4, 6], []);                   // no test items: not evaluated
        acc.Add([0, 1, 2], [2]);              // hit at rank 2: recall 1, ndcg 0.5

        var r = acc.Result();

        Assert.Equal(3, r.Users);
        Assert.Equal(3, r.K);
        Assert.Equal((0.5 + 0.6 + 1.0) / 3, r.Recall, 12);
        Assert.Equal(((D1 / (1 + D1)) + 1.0 + 0.5) / 3, r.Ndcg, 12);
        Assert.Equal(0.6289509357448472, r.Ndcg, 12);
    }

    [Fact]
    public void Per_user_functions_agree_with_the_accumulator()
    {
        Assert.Equal(0.5, RankingMetrics.Recall([5, 2, 9], [2, 7]), 12);
        Assert.Equal(D1 / (1 + D1), RankingMetrics.Ndcg([5, 2, 9], [2, 7], 3), 12);
        Assert.Equal(0.6, RankingMetrics.Recall([1, 3, 4], [1, 3, 4, 8, 11]), 12);
        Assert.Equal(1.0, RankingMetrics.Ndcg([1, 3, 4], [1, 3, 4, 8, 11], 3), 12);
        Assert.Equal(0.0, RankingMetrics.Ndcg([1, 3, 4], [0], 3), 12);
        // fewer recommendations than K still divide by the K-based ideal
        Assert.Equal(1 / (1 + D1), RankingMetrics.Ndcg([7], [7, 8], 3), 12);
    }

    [Fact]
    public void Empty_accumulator_reports_zero_users()
    {
        var r = new RankingMetricsAccumulator(20).Result();
        Assert.Equal(new RankingMetricsResult(0, 0, 0, 20), r);
    }

    [Fact]
    public void Invalid_input_is_rejected()
    {
        var acc = new RankingMetricsAccumulator(2);
        Assert.Throws<ArgumentException>(() => acc.Add([1, 2, 3], [1]));
        Assert.Throws<ArgumentException>(() => acc.Add([1], [3, 1]));
        Assert.Throws<ArgumentException>(() => acc.Add([1], [1, 1]));
        Assert.Throws<ArgumentException>(() => acc.Merge(new RankingMetricsAccumulator(3)));
        Assert.Throws<ArgumentException>(() => acc.Merge(acc));
    }

    [Fact]
    public void Merging_per_thread_accumulators_gives_the_sequential_result()
    {
        var random = new Random(5);
        var users = Enumerable.Range(0, 400).Select(_ =>
        {
            var top = Enumerable.Range(0, 50).OrderBy(_ => random.Next()).Take(10).ToArray();
            var test = Enumerable.Range(0, 50).Where(_ => random.NextDouble() < 0.1).ToArray();
            return (top, test);
        }).ToArray();

        var sequential = new RankingMetricsAccumulator(10);
        foreach (var (top, test) in users)
        {
            sequential.Add(top, test);
        }

        var total = new RankingMetricsAccumulator(10);
        Parallel.For(
            0,
            8,
            new ParallelOptions { MaxDegreeOfParallelism = 2 },
            part =>
            {
                var local = new RankingMetricsAccumulator(10);
                for (var u = part; u < users.Length; u += 8)
                {
                    local.Add(users[u].top, users[u].test);
                }

                total.Merge(local);
            });

        var a = sequential.Result();
        var b = total.Result();
        Assert.Equal(a.Users, b.Users);
        Assert.Equal(a.Recall, b.Recall, 12);
        Assert.Equal(a.Ndcg, b.Ndcg, 12);
        Assert.True(a.Users > 300 && a.Recall > 0);
    }

    [Fact]
    public void Brute_force_masks_training_items_and_breaks_ties_by_lower_index()
    {
        // dim 1: user 0 likes everything positively, user 1 negatively; items 1 and 2 tie
        float[] users = [1f, -1f];
        float[] items = [3f, 2f, 2f, 1f];
        var train = BipartiteGraph.Build(2, 4, new EdgeList([0], [0]));
        var test = BipartiteGraph.Build(2, 4, new EdgeList([0, 1], [2, 2]));

        // user 0: item 0 masked, ranking 1 (2.0, lower index), 2 (2.0), 3 → top-1 = [1]: miss
        // user 1: ranking 3 (-1), 1 (-2), 2 (-2), 0 → top-1 = [3]: miss; top-3 = [3, 1, 2]: hit at rank 2
        var k1 = RankingMetrics.BruteForce(users, items, 1, train, test, 1);
        var k2 = RankingMetrics.BruteForce(users, items, 1, train, test, 2);
        var k3 = RankingMetrics.BruteForce(users, items, 1, train, test, 3);

        Assert.Equal(new RankingMetricsResult(0, 0, 2, 1), k1);
        Assert.Equal(0.5, k2.Recall, 12);   // user 0 hits item 2 at rank 1, user 1 misses
        Assert.Equal(0.5 * (D1 / 1.0), k2.Ndcg, 12);
        Assert.Equal(1.0, k3.Recall, 12);
        Assert.Equal(0.5 * (D1 + 0.5), k3.Ndcg, 12);
    }

    [Fact]
    public void Brute_force_agrees_with_top_k_plus_accumulator_on_a_random_graph()
    {
        const int Users = 40, Items = 35, Dim = 6, K = 5;
        var random = new Random(17);
        var userEmb = Enumerable.Range(0, Users * Dim).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var itemEmb = Enumerable.Range(0, Items * Dim).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var trainPairs = new List<(int, int)>();
        var testPairs = new List<(int, int)>();
        for (var u = 0; u < Users; u++)
        {
            for (var v = 0; v < Items; v++)
            {
                var x = random.NextDouble();
                if (x < 0.2)
                {
                    trainPairs.Add((u, v));
                }
                else if (x < 0.28)
                {
                    testPairs.Add((u, v));
                }
            }
        }

        var train = BipartiteGraph.Build(Users, Items, new EdgeList(trainPairs.Select(p => p.Item1).ToArray(), trainPairs.Select(p => p.Item2).ToArray()));
        var test = BipartiteGraph.Build(Users, Items, new EdgeList(testPairs.Select(p => p.Item1).ToArray(), testPairs.Select(p => p.Item2).ToArray()));

        var oracle = RankingMetrics.BruteForce(userEmb, itemEmb, Dim, train, test, K);

        var acc = new RankingMetricsAccumulator(K);
        var scores = new float[Items];
        for (var u = 0; u < Users; u++)
        {
            for (var v = 0; v < Items; v++)
            {
                var s = 0.0;
                for (var d = 0; d < Dim; d++)
                {
                    s += (double)userEmb[(u * Dim) + d] * itemEmb[(v * Dim) + d];
                }

                scores[v] = (float)s;
            }

            acc.Add(TopK.Select(scores, K, train.ItemsOf(u)), test.ItemsOf(u));
        }

        var fast = acc.Result();
        Assert.Equal(oracle.Users, fast.Users);
        Assert.Equal(oracle.Recall, fast.Recall, 12);
        Assert.Equal(oracle.Ndcg, fast.Ndcg, 12);
        Assert.True(oracle.Users > 30);
        Assert.InRange(oracle.Recall, 0.01, 0.99); // a non-trivial case, so agreement means something
    }
}
