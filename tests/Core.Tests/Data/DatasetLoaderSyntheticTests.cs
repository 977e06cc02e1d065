using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Metrics;

namespace UnlearnRec.Core.Tests.Data;

public sealed class DatasetLoaderSyntheticTests
{
    [Fact]
    public void Defaults_give_the_documented_sizes()
    {
        var d = DatasetLoader.Load("synthetic");

        Assert.Equal("synthetic", d.Name);
        Assert.Equal(1000, d.UserCount);
        Assert.Equal(800, d.ItemCount);
        Assert.Equal(20_000, d.Train.Count + d.Test.Count);
        Assert.Contains("seed=7", d.Report.SplitDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_seed_gives_the_same_data_and_another_seed_different_data()
    {
        const string Spec = "synthetic:users=300,items=200,interactions=4000,seed=11";
        var a = DatasetLoader.Fingerprint(DatasetLoader.Load(Spec));
        var b = DatasetLoader.Fingerprint(DatasetLoader.Load("synthetic:seed=11,interactions=4000,items=200,users=300"));
        var c = DatasetLoader.Fingerprint(DatasetLoader.Load("synthetic:users=300,items=200,interactions=4000,seed=12"));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Every_user_has_at_least_three_interactions_with_train_and_test_items_and_no_pair_repeats()
    {
        var d = DatasetLoader.Load("synthetic:users=500,items=300,interactions=6000,seed=3");
        var train = BipartiteGraph.Build(d.UserCount, d.ItemCount, d.Train);
        var test = BipartiteGraph.Build(d.UserCount, d.ItemCount, d.Test);

        Assert.Equal(d.Train.Count, train.EdgeCount); // Build merges duplicates: equal counts ⇒ none
        Assert.Equal(d.Test.Count, test.EdgeCount);
        Assert.Equal(6000, train.EdgeCount + test.EdgeCount);
        for (var u = 0; u < d.UserCount; u++)
        {
            Assert.True(train.UserDegree(u) >= 1, $"user {u} has no training item");
            Assert.True(test.UserDegree(u) >= 1, $"user {u} has no test item");
            Assert.True(train.UserDegree(u) + test.UserDegree(u) >= 3);
            foreach (var v in test.ItemsOf(u))
            {
                Assert.False(train.Contains(u, v));
            }
        }
    }

    [Fact]
    public void Degrees_are_skewed_like_real_data()
    {
        var d = DatasetLoader.Load("synthetic");
        var itemDegree = new int[d.ItemCount];
        var userDegree = new int[d.UserCount];
        foreach (var edges in new[] { d.Train, d.Test })
        {
            for (var e = 0; e < edges.Count; e++)
            {
                itemDegree[edges.Items[e]]++;
                userDegree[edges.Users[e]]++;
            }
        }

        var total = d.Train.Count + d.Test.Count;
        var topItems = itemDegree.OrderDescending().Take(d.ItemCount / 10).Sum();
        Assert.True(topItems > 0.3 * total, $"top 10% items hold {topItems}/{total}");
        // a uniform random graph would have top-10% share ≈ 10% and max/median user degree ≈ 2
        var sortedUsers = userDegree.Order().ToArray();
        Assert.True(sortedUsers[^1] > 5 * sortedUsers[sortedUsers.Length / 2], $"max user degree {sortedUsers[^1]}, median {sortedUsers[sortedUsers.Length / 2]}");
    }

    [Fact]
    public void Latent_structure_is_learnable_item_neighbours_beat_popularity()
    {
        // The clusters are what a recommender should pick up: with them an item-item co-occurrence model clearly
        // beats popularity; with a single cluster (no structure beyond popularity) it does not.
        var (cf, pop) = ItemNeighboursVersusPopularity("synthetic");
        var (cfFlat, popFlat) = ItemNeighboursVersusPopularity("synthetic:clusters=1");

        Assert.True(cf.Recall > 1.4 * pop.Recall, $"item-kNN Recall@20 {cf.Recall:F4} vs popularity {pop.Recall:F4}");
        Assert.True(cf.Ndcg > 1.25 * pop.Ndcg, $"item-kNN NDCG@20 {cf.Ndcg:F4} vs popularity {pop.Ndcg:F4}");
        Assert.True(cfFlat.Recall < 1.1 * popFlat.Recall, $"without clusters: item-kNN {cfFlat.Recall:F4} vs popularity {popFlat.Recall:F4}");
    }

    private static (RankingMetricsResult Neighbours, RankingMetricsResult Popularity) ItemNeighboursVersusPopularity(string spec)
    {
        var d = DatasetLoader.Load(spec);
        var train = BipartiteGraph.Build(d.UserCount, d.ItemCount, d.Train);
        var test = BipartiteGraph.Build(d.UserCount, d.ItemCount, d.Test);
        var n = d.ItemCount;
        var cooc = new float[n * n];
        for (var u = 0; u < d.UserCount; u++)
        {
            var items = train.ItemsOf(u);
            foreach (var i in items)
            {
                foreach (var j in items)
                {
                    cooc[(i * n) + j] += 1;
                }
            }
        }

        var popularity = Enumerable.Range(0, n).Select(v => (float)train.ItemDegree(v)).ToArray();
        var byPopularity = new RankingMetricsAccumulator(20);
        var byNeighbours = new RankingMetricsAccumulator(20);
        var scores = new float[n];
        for (var u = 0; u < d.UserCount; u++)
        {
            Array.Clear(scores);
            foreach (var i in train.ItemsOf(u))
            {
                for (var v = 0; v < n; v++)
                {
                    scores[v] += cooc[(i * n) + v] / MathF.Sqrt((train.ItemDegree(i) * (float)train.ItemDegree(v)) + 1);
                }
            }

            byPopularity.Add(TopK.Select(popularity, 20, train.ItemsOf(u)), test.ItemsOf(u));
            byNeighbours.Add(TopK.Select(scores, 20, train.ItemsOf(u)), test.ItemsOf(u));
        }

        Assert.Equal(d.UserCount, byNeighbours.Users);
        return (byNeighbours.Result(), byPopularity.Result());
    }
}
