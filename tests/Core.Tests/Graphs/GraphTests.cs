using UnlearnRec.Core.Data;
using UnlearnRec.Core.Embeddings;
using UnlearnRec.Core.Graphs;

namespace UnlearnRec.Core.Tests.Graphs;

public sealed class GraphTests
{
    [Fact]
    public void NormalizedAdjacencyMatchesDefinitionAndIsSymmetric()
    {
        // users 0,1; items 0,1,2; edges (0,0) (0,1) (1,1) plus a duplicate that must merge
        var graph = BipartiteGraph.Build(2, 3, new EdgeList([0, 0, 1, 0], [0, 1, 1, 1]));
        var a = graph.NormalizedAdjacency();
        var dense = Dense(a);

        Assert.Equal(3, graph.EdgeCount);
        Assert.Equal(6, a.NonZeros);
        // deg: u0=2, u1=1, i0=1, i1=2, i2=0
        Assert.Equal(1 / Math.Sqrt(2 * 1), dense[0, 2 + 0], 6);
        Assert.Equal(1 / Math.Sqrt(2 * 2), dense[0, 2 + 1], 6);
        Assert.Equal(1 / Math.Sqrt(1 * 2), dense[1, 2 + 1], 6);
        Assert.Equal(0, dense[4, 0]);
        for (var i = 0; i < 5; i++)
        {
            for (var j = 0; j < 5; j++)
            {
                Assert.Equal(dense[i, j], dense[j, i], 6);
            }
        }

        // the transpose index points every entry at its mirror
        for (var i = 0; i < a.Rows; i++)
        {
            for (var k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++)
            {
                var m = a.TransposeIndex![k];
                Assert.Equal(i, a.ColumnIndices[m]);
            }
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(32)]
    [InlineData(24)]
    [InlineData(5)]
    public void SparseMultiplyMatchesDenseProductForEveryKernelWidth(int dim)
    {
        var rng = new Random(dim);
        var users = Enumerable.Range(0, 3000).Select(_ => rng.Next(120)).ToArray();
        var items = Enumerable.Range(0, 3000).Select(_ => rng.Next(90)).ToArray();
        var a = BipartiteGraph.Build(120, 90, new EdgeList(users, items)).NormalizedAdjacency();
        var x = Enumerable.Range(0, a.Columns * dim).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var y = new float[a.Rows * dim];

        SparseKernels.Multiply(a, x, y, dim);

        var dense = Dense(a);
        for (var i = 0; i < a.Rows; i += 7)
        {
            for (var j = 0; j < dim; j++)
            {
                double expected = 0;
                for (var c = 0; c < a.Columns; c++)
                {
                    expected += dense[i, c] * x[(c * dim) + j];
                }

                Assert.Equal(expected, y[(i * dim) + j], 4);
            }
        }
    }

    [Fact]
    public void FinalEmbeddingsFollowTheLayerReadout()
    {
        var graph = BipartiteGraph.Build(2, 2, new EdgeList([0, 1, 1], [0, 0, 1]));
        var a = graph.NormalizedAdjacency();
        var ego = new float[] { 1, 0, 0, 1, 1, 1, 2, 0 };
        var dense = Dense(a);

        var sum = GraphPropagation.FinalEmbeddings(a, ego, 2, 2, LayerAggregation.SumWithEgo);
        var meanNoEgo = GraphPropagation.FinalEmbeddings(a, ego, 2, 2, LayerAggregation.MeanWithoutEgo);

        var l1 = Mul(dense, ego, 2);
        var l2 = Mul(dense, l1, 2);
        for (var k = 0; k < ego.Length; k++)
        {
            Assert.Equal(ego[k] + l1[k] + l2[k], sum[k], 5);
            Assert.Equal((l1[k] + l2[k]) / 2, meanNoEgo[k], 5);
        }
    }

    [Fact]
    public void WithoutEdgesEqualsBuildingTheFilteredEdgeList()
    {
        var random = new Random(7);
        var users = new int[3000];
        var items = new int[3000];
        for (var e = 0; e < users.Length; e++)
        {
            users[e] = random.Next(120);
            items[e] = random.Next(80);
        }

        var graph = BipartiteGraph.Build(120, 80, new EdgeList(users, items));
        var removed = new bool[graph.EdgeCount];
        for (var k = 0; k < removed.Length; k++)
        {
            removed[k] = random.NextDouble() < 0.3;
        }

        // every edge of user 0 goes too: empty rows must survive
        removed.AsSpan(graph.UserPointers[0], graph.UserDegree(0)).Fill(true);
        var all = graph.ToEdgeList();
        var keep = Enumerable.Range(0, graph.EdgeCount).Where(k => !removed[k]).ToArray();
        var expected = BipartiteGraph.Build(120, 80, new EdgeList(keep.Select(k => all.Users[k]).ToArray(), keep.Select(k => all.Items[k]).ToArray()));

        var actual = graph.WithoutEdges(removed);

        Assert.Equal(expected.UserPointers, actual.UserPointers);
        Assert.Equal(expected.UserItems, actual.UserItems);
        Assert.Equal(expected.ItemPointers, actual.ItemPointers);
        Assert.Equal(expected.ItemUsers, actual.ItemUsers);
        Assert.Equal(0, actual.UserDegree(0));
        Assert.Throws<ArgumentException>(() => graph.WithoutEdges(new bool[3]));
    }

    [Fact]
    public void ContainsAndRowsAreSorted()
    {
        var graph = BipartiteGraph.Build(3, 5, new EdgeList([2, 2, 0, 2], [4, 1, 3, 0]));
        Assert.True(graph.Contains(2, 4));
        Assert.False(graph.Contains(1, 4));
        Assert.Equal([0, 1, 4], graph.ItemsOf(2).ToArray());
        Assert.Equal([0, 2], graph.UsersOf(3).ToArray().Concat(graph.UsersOf(4).ToArray()).ToArray());
    }

    private static double[,] Dense(CsrMatrix a)
    {
        var d = new double[a.Rows, a.Columns];
        for (var i = 0; i < a.Rows; i++)
        {
            for (var k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++)
            {
                d[i, a.ColumnIndices[k]] += a.Values[k];
            }
        }

        return d;
    }

    private static float[] Mul(double[,] a, float[] x, int dim)
    {
        var n = a.GetLength(0);
        var y = new float[n * dim];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < dim; j++)
            {
                double s = 0;
                for (var c = 0; c < n; c++)
                {
                    s += a[i, c] * x[(c * dim) + j];
                }

                y[(i * dim) + j] = (float)s;
            }
        }

        return y;
    }
}
