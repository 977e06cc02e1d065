using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Baselines;

namespace UnlearnRec.Model.Tests.Experiments;

public sealed class ShardPartitionTests
{
    [Fact]
    public void ShardsAreDisjointCoverAllEdgesAndAreBalanced()
    {
        var data = DatasetLoader.Load("synthetic:users=400,items=300,interactions=9000,seed=11");
        var graph = BipartiteGraph.Build(data.UserCount, data.ItemCount, data.Train);

        var partition = ShardPartition.Balanced(graph, 8, seed: 3);

        var seen = new HashSet<long>();
        long total = 0;
        for (var s = 0; s < 8; s++)
        {
            var edges = partition.EdgesOf(graph, s);
            Assert.Equal(partition.EdgeCounts[s], edges.Count);
            total += edges.Count;
            for (var e = 0; e < edges.Count; e++)
            {
                Assert.True(seen.Add(EdgeList.Key(edges.Users[e], edges.Items[e])), "an edge is in two shards");
                Assert.Equal(s, partition.UserShard[edges.Users[e]]);
            }
        }

        Assert.Equal(graph.EdgeCount, total);
        Assert.Equal(graph.ToEdgeList().ToKeySet(), seen);
        var maxDegree = Enumerable.Range(0, graph.UserCount).Max(graph.UserDegree);
        Assert.True(partition.EdgeCounts.Max() - partition.EdgeCounts.Min() <= maxDegree);
    }

    [Fact]
    public void ShardsTouchedByAreTheShardsOfTheRequestUsers()
    {
        var data = DatasetLoader.Load("synthetic:users=100,items=80,interactions=2000,seed=2");
        var graph = BipartiteGraph.Build(data.UserCount, data.ItemCount, data.Train);
        var partition = ShardPartition.Balanced(graph, 4, seed: 1);
        var user = Enumerable.Range(0, graph.UserCount).First(u => graph.UserDegree(u) > 0);
        var request = new EdgeList([user], [graph.ItemsOf(user)[0]]);

        Assert.Equal([partition.UserShard[user]], partition.ShardsTouchedBy(request));
    }
}
