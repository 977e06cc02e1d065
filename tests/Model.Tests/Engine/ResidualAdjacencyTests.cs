using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Engine;

namespace UnlearnRec.Model.Tests.Engine;

public sealed class ResidualAdjacencyTests
{
    [Fact]
    public void UpdatesGiveTheSameWeightsAsRebuildingTheResidualGraph()
    {
        var random = new Random(11);
        var users = new int[4000];
        var items = new int[4000];
        for (var e = 0; e < users.Length; e++)
        {
            users[e] = random.Next(150);
            items[e] = random.Next(90);
        }

        var graph = BipartiteGraph.Build(150, 90, new EdgeList(users, items));
        var removed = new bool[graph.EdgeCount];
        var adjacency = new ResidualAdjacency(graph, removed);
        AssertMatches(graph, removed, adjacency);

        // remove in several rounds (incl. every edge of user 0, so its row and its items' degrees drop to zero)
        for (var round = 0; round < 4; round++)
        {
            var batch = Enumerable.Range(0, graph.EdgeCount).Where(k => !removed[k] && random.NextDouble() < 0.1).ToList();
            if (round == 2)
            {
                batch.AddRange(Enumerable.Range(graph.UserPointers[0], graph.UserDegree(0)).Where(k => !removed[k] && !batch.Contains(k)));
            }

            batch.ForEach(k => removed[k] = true);
            adjacency.Update(batch, removed);
            AssertMatches(graph, removed, adjacency);
        }

        // putting edges back (the engine's rollback of a failed computation) restores their weights too
        var restore = Enumerable.Range(0, graph.EdgeCount).Where(k => removed[k] && random.NextDouble() < 0.5).ToList();
        restore.ForEach(k => removed[k] = false);
        adjacency.Update(restore, removed);
        AssertMatches(graph, removed, adjacency);

        var reset = new ResidualAdjacency(graph, removed);
        Assert.Equal(reset.Matrix.Values, adjacency.Matrix.Values);
    }

    private static void AssertMatches(BipartiteGraph graph, bool[] removed, ResidualAdjacency adjacency)
    {
        // expected: the residual graph's own matrix, expanded onto the original pattern with zeros for removed slots
        var residual = graph.WithoutEdges(removed).NormalizedAdjacency();
        var matrix = adjacency.Matrix;
        for (var row = 0; row < matrix.Rows; row++)
        {
            var expected = new Dictionary<int, float>();
            for (var p = residual.RowPointers[row]; p < residual.RowPointers[row + 1]; p++)
            {
                expected[residual.ColumnIndices[p]] = residual.Values[p];
            }

            for (var p = matrix.RowPointers[row]; p < matrix.RowPointers[row + 1]; p++)
            {
                var column = matrix.ColumnIndices[p];
                Assert.Equal(expected.GetValueOrDefault(column, 0f), matrix.Values[p]);
                expected.Remove(column);
            }

            Assert.Empty(expected);
        }
    }
}
