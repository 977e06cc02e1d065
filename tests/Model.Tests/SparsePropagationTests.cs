using TorchSharp;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Torch;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Tests;

public sealed class SparsePropagationTests
{
    [Fact]
    public void ForwardAndBackwardMatchTorchSparseAutograd()
    {
        var rng = new Random(3);
        var users = Enumerable.Range(0, 400).Select(_ => rng.Next(30)).ToArray();
        var items = Enumerable.Range(0, 400).Select(_ => rng.Next(50)).ToArray();
        var graph = BipartiteGraph.Build(30, 50, new EdgeList(users, items));
        var a = graph.NormalizedAdjacency();

        torch.manual_seed(1);
        using var x1 = torch.randn(80, 64, requires_grad: true);
        using var x2 = x1.detach().clone().requires_grad_(true);
        using var w = torch.randn(80, 64);

        using var y1 = SparsePropagationFunction.apply(a, x1);
        using var loss1 = (y1 * w).sum();
        loss1.backward();

        using var dense = DenseOf(a);
        using var y2 = dense.mm(x2);
        using var loss2 = (y2 * w).sum();
        loss2.backward();

        Assert.True(y1.allclose(y2, rtol: 1e-4, atol: 1e-5));
        Assert.True(x1.grad!.allclose(x2.grad!, rtol: 1e-4, atol: 1e-5));
    }

    [Theory]
    [InlineData(new float[] { 1f, 1f, 1f, 1f })]
    [InlineData(new float[] { 0f, 1f / 3, 1f / 3, 1f / 3 })]
    [InlineData(new float[] { 0.5f })]
    [InlineData(new float[] { 0f, 0f, 1f })]
    public void FusedReadoutMatchesDenseAutograd(float[] weights)
    {
        var rng = new Random(5);
        var users = Enumerable.Range(0, 300).Select(_ => rng.Next(20)).ToArray();
        var items = Enumerable.Range(0, 300).Select(_ => rng.Next(40)).ToArray();
        var graph = BipartiteGraph.Build(20, 40, new EdgeList(users, items));
        var sym = graph.NormalizedAdjacency();
        // a non-symmetric re-weighting exercises the transpose path of the backward pass
        var a = sym.WithValues(sym.Values.Select((v, k) => v * (1 + (k % 3))).ToArray(), valuesSymmetric: false);

        torch.manual_seed(2);
        using var x1 = torch.randn(60, 64, requires_grad: true);
        using var x2 = x1.detach().clone().requires_grad_(true);
        using var w = torch.randn(60, 64);
        using var pg = new PropagationGraph(a, torch.CPU);
        using var y1 = pg.Readout(x1, weights);
        using var l1 = (y1 * w).sum();
        l1.backward();

        using var dense = DenseOf(a);
        var current = x2;
        var y2 = x2 * weights[0];
        for (var l = 1; l < weights.Length; l++)
        {
            current = dense.mm(current);
            y2 = y2 + (current * weights[l]);
        }

        using var l2 = (y2 * w).sum();
        l2.backward();
        Assert.True(y1.allclose(y2, rtol: 1e-4, atol: 1e-5));
        Assert.True(x1.grad!.allclose(x2.grad!, rtol: 1e-4, atol: 1e-5));
    }

    private static Tensor DenseOf(CsrMatrix a)
    {
        var values = new float[a.Rows * a.Columns];
        for (var i = 0; i < a.Rows; i++)
        {
            for (var k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++)
            {
                values[(i * a.Columns) + a.ColumnIndices[k]] = a.Values[k];
            }
        }

        return torch.tensor(values, [a.Rows, a.Columns]);
    }
}
