using TorchSharp;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Influence;
using UnlearnRec.Model.Torch;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Tests.Influence;

[Collection("Torch")]
public sealed class InfluenceEncoderTests
{
    private const int Users = 7;
    private const int Items = 9;
    private const int Nodes = Users + Items;
    private const int Dim = 5;

    private static readonly EdgeList Request = new([0, 0, 1, 3, 3, 3, 6, 0], [1, 4, 4, 2, 4, 8, 8, 1]);

    [Fact]
    public void DependencyMatrixIsNormalisedByTheRequestsOwnDegrees()
    {
        var idm = InfluenceDependencyMatrix.Build(Users, Items, Request);
        Assert.Equal(7, idm.EdgeCount); // the duplicate (0, 1) is merged
        Assert.Equal(14, idm.Matrix.NonZeros);
        Assert.Equal(3, idm.Degrees[3]);
        Assert.Equal(3, idm.Degrees[Users + 4]);
        Assert.Equal(0, idm.Degrees[2]);
        Assert.Equal(0, idm.Degrees[Users + 0]);
        using var dense = Dense(idm.Matrix);
        var a = dense.data<float>().ToArray();
        float At(int r, int c) => a[(r * Nodes) + c];
        Assert.Equal(1f / MathF.Sqrt(3 * 3), At(3, Users + 4), 5);
        Assert.Equal(1f / MathF.Sqrt(2 * 1), At(0, Users + 1), 5);
        Assert.Equal(At(3, Users + 4), At(Users + 4, 3));
        for (var i = 0; i < Nodes; i++)
        {
            Assert.Equal(0f, At(i, i));
        }

        // untouched nodes have empty rows
        Assert.All(Enumerable.Range(0, Nodes), c => Assert.Equal(0f, At(2, c)));
    }

    [Fact]
    public void ForwardHasNodeByDimShapeAndIsTheIdentityWithZeroInfluenceAndWithdraw()
    {
        var state = InfluenceEncoderState.Initial(Nodes, Dim, 3, new EncoderOptions { EtaInit = 0 });
        Assert.All(state.H0, v => Assert.Equal(0f, v));
        using var encoder = new InfluenceEncoder(state, CPU);
        using var idm = new PropagationGraph(InfluenceDependencyMatrix.Build(Users, Items, Request).Matrix, CPU);
        using var scope = NewDisposeScope();
        torch.manual_seed(4);
        var ego = randn(Nodes, Dim);
        var final = randn(Nodes, Dim);
        var corrected = encoder.Forward(idm, ego, final);
        Assert.Equal(new long[] { Nodes, Dim }, corrected.shape);
        Assert.True(corrected.eq(ego).all().item<bool>(), "H⁰ = 0, η = 0 and an identity MLP must give Ẽ0 = E0 exactly");

        // with the default η the withdraw term moves exactly the request's nodes
        using var withEta = new InfluenceEncoder(InfluenceEncoderState.Initial(Nodes, Dim, 3, new EncoderOptions()), CPU);
        var shifted = withEta.Forward(idm, ego, final) - ego;
        var rowNorms = shifted.abs().sum(1).data<float>().ToArray();
        var touched = InfluenceDependencyMatrix.Build(Users, Items, Request).Degrees;
        for (var v = 0; v < Nodes; v++)
        {
            Assert.Equal(touched[v] > 0, rowNorms[v] > 0);
        }
    }

    [Theory]
    [InlineData(false, 3, 0.99)]
    [InlineData(true, 3, 0.5)]
    [InlineData(false, 2, 0.2)]
    public void GradientsMatchADenseReference(bool lastOnly, int layers, double slope)
    {
        var options = new EncoderOptions { ReadoutLastOnly = lastOnly, Slope = slope, Alpha = 0.3 };
        var rng = new Random(11);
        float[] Rand(int n) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
        var state = InfluenceEncoderState.Initial(Nodes, Dim, layers, options) with
        {
            H0 = Rand(Nodes * Dim),
            Eta = Rand(Nodes),
            Weights = [Rand(Dim * Dim), Rand(Dim * Dim)],
            Biases = [Rand(Dim), Rand(Dim)],
        };
        var ego = Rand(Nodes * Dim);
        var final = Rand(Nodes * Dim);
        var weight = Rand(Nodes * Dim);
        var idmMatrix = InfluenceDependencyMatrix.Build(Users, Items, Request).Matrix;

        using var encoder = new InfluenceEncoder(state, CPU);
        encoder.SetPhase(EncoderPhase.Pretrain);
        foreach (var p in encoder.Weights.Concat(encoder.Biases))
        {
            p.requires_grad_(true); // check every gradient at once
        }

        using var idm = new PropagationGraph(idmMatrix, CPU);
        using var scope = NewDisposeScope();
        var egoT = tensor(ego, [Nodes, Dim]);
        var finalT = tensor(final, [Nodes, Dim]);
        var w = tensor(weight, [Nodes, Dim]);
        var y = encoder.Forward(idm, egoT, finalT);
        (y * w).sum().backward();

        // dense reference written out from method.md §3.3
        var a = Dense(idmMatrix);
        var h0 = tensor(state.H0, [Nodes, Dim]).requires_grad_(true);
        var eta = tensor(state.Eta, [Nodes, 1]).requires_grad_(true);
        var ws = state.Weights.Select(v => tensor(v, [Dim, Dim]).requires_grad_(true)).ToArray();
        var bs = state.Biases.Select(v => tensor(v, [Dim]).requires_grad_(true)).ToArray();
        var hs = new List<Tensor> { h0 };
        for (var l = 1; l <= layers; l++)
        {
            hs.Add(a.mm(hs[^1]));
        }

        var hbar = lastOnly ? hs[^1] : hs.Aggregate((s, t) => s + t);
        var wd = finalT * eta;
        for (var l = 1; l <= layers; l++)
        {
            wd = a.mm(wd);
        }

        var x = hbar - (wd * 0.3);
        for (var k = 0; k < 2; k++)
        {
            x = nn.functional.leaky_relu(x.mm(ws[k]) + bs[k], slope);
        }

        var yRef = egoT + x;
        (yRef * w).sum().backward();

        Assert.True(y.allclose(yRef, rtol: 1e-4, atol: 1e-5));
        Assert.True(encoder.H0.grad!.allclose(h0.grad!, rtol: 1e-4, atol: 1e-5));
        Assert.True(encoder.Eta.grad!.allclose(eta.grad!, rtol: 1e-4, atol: 1e-5));
        for (var k = 0; k < 2; k++)
        {
            Assert.True(encoder.Weights[k].grad!.allclose(ws[k].grad!, rtol: 1e-4, atol: 1e-5));
            Assert.True(encoder.Biases[k].grad!.allclose(bs[k].grad!, rtol: 1e-4, atol: 1e-5));
        }
    }

    [Fact]
    public void PhasesSelectTheTrainableParameters()
    {
        using var encoder = new InfluenceEncoder(InfluenceEncoderState.Initial(Nodes, Dim, 3, new EncoderOptions()), CPU);
        encoder.SetPhase(EncoderPhase.Pretrain);
        Assert.Equal(2, encoder.TrainableParameters().Count);
        Assert.True(encoder.H0.requires_grad && encoder.Eta.requires_grad);
        Assert.False(encoder.Weights[0].requires_grad);
        encoder.SetPhase(EncoderPhase.FineTune);
        Assert.Equal(4, encoder.TrainableParameters().Count);
        Assert.False(encoder.H0.requires_grad || encoder.Eta.requires_grad);
        Assert.True(encoder.Weights.All(p => p.requires_grad) && encoder.Biases.All(p => p.requires_grad));
        encoder.SetPhase(EncoderPhase.Frozen);
        Assert.Empty(encoder.TrainableParameters());
    }

    [Fact]
    public void EncoderNeverWritesIntoTheArraysItWasBuiltFrom()
    {
        var state = InfluenceEncoderState.Initial(Nodes, Dim, 3, new EncoderOptions());
        var copy = state.H0.ToArray();
        using var encoder = new InfluenceEncoder(state, CPU);
        using (no_grad())
        {
            encoder.H0.add_(1f);
        }

        Assert.Equal(copy, state.H0);
        Assert.All(encoder.ToState().H0, v => Assert.Equal(1f, v));
    }

    private static Tensor Dense(CsrMatrix m)
    {
        var values = new float[m.Rows * m.Columns];
        for (var i = 0; i < m.Rows; i++)
        {
            for (var k = m.RowPointers[i]; k < m.RowPointers[i + 1]; k++)
            {
                values[(i * m.Columns) + m.ColumnIndices[k]] = m.Values[k];
            }
        }

        return tensor(values, [m.Rows, m.Columns]);
    }
}
