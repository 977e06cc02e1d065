using UnlearnRec.Core.Data;
using UnlearnRec.Core.Embeddings;
using UnlearnRec.Core.Graphs;

namespace UnlearnRec.Core.Tests.Graphs;

public sealed class PullPropagationTests
{
    public static TheoryData<int, int, string> Cases() => new()
    {
        { 64, 3, "mean" },
        { 64, 2, "mean-no-ego" },
        { 16, 3, "sum" },
        { 12, 1, "mean" },
        { 64, 0, "mean" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PulledRowsEqualTheFullPropagationBitForBitAndOtherRowsAreLeftAlone(int dim, int layers, string readout)
    {
        var aggregation = readout switch
        {
            "sum" => LayerAggregation.SumWithEgo,
            "mean-no-ego" => LayerAggregation.MeanWithoutEgo,
            _ => LayerAggregation.MeanWithEgo,
        };
        var (adjacency, ego) = RandomGraph(users: 60, items: 45, edges: 500, dim, seed: dim + layers);
        var full = GraphPropagation.FinalEmbeddings(adjacency, ego, dim, layers, aggregation);

        // users and items, unsorted, with a repeat; and a single row
        foreach (var rows in new[] { new[] { 59, 3, 60 + 44, 17, 3, 60 }, new[] { 71 } })
        {
            var result = new float[ego.Length];
            Array.Fill(result, float.NaN);
            GraphPropagation.FinalRowsInto(adjacency, ego, dim, layers, aggregation, rows, result, new float[ego.Length], new float[ego.Length]);
            for (var row = 0; row < adjacency.Rows; row++)
            {
                var got = result.AsSpan(row * dim, dim);
                if (rows.Contains(row))
                {
                    Assert.True(got.SequenceEqual(full.AsSpan(row * dim, dim)), $"row {row} differs from the full propagation");
                }
                else
                {
                    Assert.True(float.IsNaN(got[0]), $"row {row} was written although it was not asked for");
                }
            }
        }
    }

    [Fact]
    public void MultiplyRowsComputesOnlyTheListedRows()
    {
        const int dim = 64;
        var (adjacency, x) = RandomGraph(users: 30, items: 20, edges: 200, dim, seed: 5);
        var full = new float[x.Length];
        SparseKernels.Multiply(adjacency, x, full, dim);
        var partial = new float[x.Length];
        int[] rows = [0, 1, 2, 7, 30, 31, 49];
        SparseKernels.MultiplyRows(adjacency, rows, x, partial, dim);

        for (var row = 0; row < adjacency.Rows; row++)
        {
            var expected = rows.Contains(row) ? full.AsSpan(row * dim, dim) : new float[dim];
            Assert.True(partial.AsSpan(row * dim, dim).SequenceEqual(expected), $"row {row}");
        }
    }

    [Theory]
    [InlineData(new[] { 3, 1 })]
    [InlineData(new[] { 2, 2 })]
    [InlineData(new[] { 50 })]
    [InlineData(new[] { -1 })]
    public void MultiplyRowsRejectsUnsortedRepeatedOrOutOfRangeRows(int[] rows)
    {
        var (adjacency, x) = RandomGraph(users: 30, items: 20, edges: 200, dim: 8, seed: 6);
        Assert.Throws<ArgumentException>(() => SparseKernels.MultiplyRows(adjacency, rows, x, new float[x.Length], 8));
    }

    private static (CsrMatrix Adjacency, float[] Ego) RandomGraph(int users, int items, int edges, int dim, int seed)
    {
        var random = new Random(seed);
        var u = new int[edges];
        var v = new int[edges];
        for (var e = 0; e < edges; e++)
        {
            u[e] = random.Next(users);
            v[e] = random.Next(items);
        }

        var graph = BipartiteGraph.Build(users, items, new EdgeList(u, v));
        var ego = new float[graph.NodeCount * dim];
        for (var i = 0; i < ego.Length; i++)
        {
            ego[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return (graph.NormalizedAdjacency(), ego);
    }
}
