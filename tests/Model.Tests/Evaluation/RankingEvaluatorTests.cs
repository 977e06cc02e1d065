using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Metrics;
using UnlearnRec.Model.Evaluation;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Tests.Evaluation;

public sealed class RankingEvaluatorTests
{
    [Theory]
    [InlineData(20, 64)]
    [InlineData(5, 7)]
    public void BatchedEvaluatorAgreesWithBruteForce(int k, int userBatch)
    {
        var rng = new Random(11);
        const int users = 90, items = 70, dim = 8;
        var trainPairs = new HashSet<long>();
        var testPairs = new HashSet<long>();
        while (trainPairs.Count < 900)
        {
            trainPairs.Add(EdgeList.Key(rng.Next(users), rng.Next(items)));
        }

        while (testPairs.Count < 300)
        {
            var key = EdgeList.Key(rng.Next(users), rng.Next(items));
            if (!trainPairs.Contains(key))
            {
                testPairs.Add(key);
            }
        }

        var train = BipartiteGraph.Build(users, items, ToEdges(trainPairs));
        var test = BipartiteGraph.Build(users, items, ToEdges(testPairs));
        var final = Enumerable.Range(0, (users + items) * dim).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var userEmb = final.AsSpan(0, users * dim).ToArray();
        var itemEmb = final.AsSpan(users * dim).ToArray();

        var expected = RankingMetrics.BruteForce(userEmb, itemEmb, dim, train, test, k);
        using var t = tensor(final, [users + items, dim]);
        var actual = new RankingEvaluator(train, test, k, userBatch).Evaluate(t);

        Assert.Equal(expected.Users, actual.Users);
        Assert.Equal(expected.Recall, actual.Recall, 6);
        Assert.Equal(expected.Ndcg, actual.Ndcg, 6);
        Assert.True(actual.Recall > 0);
    }

    private static EdgeList ToEdges(HashSet<long> keys)
    {
        var pairs = keys.Select(EdgeList.FromKey).ToArray();
        return new EdgeList(pairs.Select(p => p.User).ToArray(), pairs.Select(p => p.Item).ToArray());
    }
}
