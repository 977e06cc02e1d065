using TorchSharp;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Baselines;
using UnlearnRec.Model.Experiments;
using UnlearnRec.Model.Torch;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Tests.Experiments;

/// <summary>
/// The influence-function machinery on a problem small enough for dense autograd references: 4 users, 5 items, d = 3,
/// two LightGCN layers (Ē = (I + Â + Â²) E0).
/// </summary>
public sealed class InfluenceFunctionTests
{
    private const int Users = 4, Items = 5, Dim = 3, Nodes = Users + Items;
    private const double Reg = 0.05;

    private static readonly EdgeList Edges = new([0, 0, 1, 1, 2, 2, 3, 3, 3, 0], [0, 1, 1, 2, 2, 3, 3, 4, 0, 4]);

    private static readonly Backbone LightGcn = Backbone.Create(BackboneKind.LightGcn, new BackboneOptions { Dim = Dim, Layers = 2, Reg = Reg });

    private static (long[] U, long[] P, long[] N) Triples(BipartiteGraph graph)
    {
        var (u, p, n) = InfluenceFunctionMethod.FixedTriples(graph, 5);
        return (u.Select(x => (long)x).ToArray(), p.Select(x => (long)x + Users).ToArray(), n.Select(x => (long)x + Users).ToArray());
    }

    private static Tensor DenseReadout(BipartiteGraph graph, Tensor ego)
    {
        var a = graph.NormalizedAdjacency();
        var dense = zeros(Nodes, Nodes);
        for (var i = 0; i < a.Rows; i++)
        {
            for (var k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++)
            {
                dense[i, a.ColumnIndices[k]] = a.Values[k];
            }
        }

        var e1 = dense.mm(ego);
        return ego + e1 + dense.mm(e1);
    }

    private static Tensor DenseLoss(BipartiteGraph graph, Tensor ego, (long[] U, long[] P, long[] N) t, double n)
    {
        var f = DenseReadout(graph, ego);
        var m = (f.index_select(0, tensor(t.U)) * (f.index_select(0, tensor(t.P)) - f.index_select(0, tensor(t.N)))).sum(1);
        return (-nn.functional.logsigmoid(m).sum() / n) + (ego.square().sum() * Reg);
    }

    private static Tensor DenseHessian(BipartiteGraph graph, Tensor ego, (long[] U, long[] P, long[] N) t, double n)
    {
        var x = ego.detach().clone().requires_grad_(true);
        var g = autograd.grad([DenseLoss(graph, x, t, n)], [x], retain_graph: true, create_graph: true)[0].flatten();
        var columns = new List<Tensor>();
        for (var k = 0; k < Nodes * Dim; k++)
        {
            columns.Add(autograd.grad([g[k]], [x], retain_graph: true)[0].flatten().detach());
        }

        return stack(columns, 1);
    }

    private static Tensor StartingPoint(int seed)
    {
        manual_seed(seed);
        return randn(Nodes, Dim) * 0.5;
    }

    [Fact]
    public void GradientAndHessianVectorProductsMatchDenseAutograd()
    {
        var graph = BipartiteGraph.Build(Users, Items, Edges);
        var t = Triples(graph);
        using var pg = new PropagationGraph(graph.NormalizedAdjacency(), CPU);
        // chunk 3 makes the products accumulate over several chunks
        using var objective = new BprObjective(LightGcn, pg, t.U, t.P, t.N, t.U.Length, Reg, chunk: 3);
        using var scope = NewDisposeScope();
        var ego = StartingPoint(1);

        var x = ego.clone().requires_grad_(true);
        var denseGrad = autograd.grad([DenseLoss(graph, x, t, t.U.Length)], [x])[0];
        Assert.True(objective.Gradient(ego).allclose(denseGrad, rtol: 1e-4, atol: 1e-6));
        Assert.Equal(DenseLoss(graph, ego, t, t.U.Length).item<float>(), objective.Loss(ego), 4);

        var hessian = DenseHessian(graph, ego, t, t.U.Length);
        var final = objective.Forward(ego);
        for (var k = 0; k < 5; k++)
        {
            var v = randn(Nodes, Dim);
            var expected = hessian.mv(v.flatten()).reshape(Nodes, Dim);
            Assert.True(objective.HessianVectorProduct(final, v).allclose(expected, rtol: 1e-3, atol: 1e-5), $"HVP {k}");
        }
    }

    [Fact]
    public void GaussNewtonProductIsSymmetricPositiveSemiDefiniteAndMatchesJacobianForm()
    {
        var graph = BipartiteGraph.Build(Users, Items, Edges);
        var t = Triples(graph);
        using var pg = new PropagationGraph(graph.NormalizedAdjacency(), CPU);
        using var objective = new BprObjective(LightGcn, pg, t.U, t.P, t.N, t.U.Length, Reg, chunk: 4);
        using var scope = NewDisposeScope();
        var ego = StartingPoint(2);
        var final = objective.Forward(ego);

        // reference: G = Jₘᵀ diag(σ'(m)/n) Jₘ + 2λI with Jₘ the dense Jacobian of the margins with respect to E0
        var x = ego.clone().requires_grad_(true);
        var f = DenseReadout(graph, x);
        var m = (f.index_select(0, tensor(t.U)) * (f.index_select(0, tensor(t.P)) - f.index_select(0, tensor(t.N)))).sum(1);
        var rows = Enumerable.Range(0, t.U.Length).Select(k => autograd.grad([m[k]], [x], retain_graph: true)[0].flatten().detach()).ToList();
        var jm = stack(rows, 0);
        var s = sigmoid(m.detach());
        var weights = s * (1 - s) / t.U.Length;
        var g = jm.t().mm(jm * weights.unsqueeze(1)) + (eye(Nodes * Dim) * (2 * Reg));

        for (var k = 0; k < 5; k++)
        {
            var v = randn(Nodes, Dim);
            var gv = objective.GaussNewtonVectorProduct(final, v);
            Assert.True(gv.allclose(g.mv(v.flatten()).reshape(Nodes, Dim), rtol: 1e-3, atol: 1e-5), $"GGN {k}");
            Assert.True((v * gv).sum().item<float>() > 0);
        }
    }

    [Fact]
    public void NewtonStepMovesTheEmbeddingsTowardTheResidualOptimum()
    {
        var graph = BipartiteGraph.Build(Users, Items, Edges);
        var request = new EdgeList([3], [0]);
        var residual = EdgeSets.Residual(graph, request);
        var t = Triples(graph);
        var removed = Enumerable.Range(0, t.U.Length).Where(k => !(t.U[k] == 3 && t.P[k] == Users + 0)).ToArray();
        var tr = (removed.Select(k => t.U[k]).ToArray(), removed.Select(k => t.P[k]).ToArray(), removed.Select(k => t.N[k]).ToArray());
        using var pgOriginal = new PropagationGraph(graph.NormalizedAdjacency(), CPU);
        using var pgResidual = new PropagationGraph(residual.NormalizedAdjacency(), CPU);
        double n = t.U.Length;
        using var original = new BprObjective(LightGcn, pgOriginal, t.U, t.P, t.N, n, Reg);
        using var residualObjective = new BprObjective(LightGcn, pgResidual, tr.Item1, tr.Item2, tr.Item3, n, Reg);
        using var scope = NewDisposeScope();

        // E0 = (near) minimiser of the original objective, E_r = minimiser of the residual one reached from E0
        var e0 = Minimise(graph, t, n, StartingPoint(3));
        var er = Minimise(residual, tr, n, e0);
        Assert.True(original.Gradient(e0).norm().item<float>() < 1e-4, "E0 is not converged");

        foreach (var curvature in new[] { InfluenceCurvature.Hessian, InfluenceCurvature.GaussNewton })
        {
            var method = new InfluenceFunctionMethod(new InfluenceFunctionOptions { Curvature = curvature, Damping = 0, Iterations = 200, Tolerance = 1e-6 });
            var b = original.Gradient(e0) - residualObjective.Gradient(e0);
            var step = method.Solve(residualObjective, e0, b, 1, CancellationToken.None);
            var updated = e0 + step.Direction;
            var before = (e0 - er).norm().item<float>();
            var after = (updated - er).norm().item<float>();
            Assert.True(after < 0.5 * before, $"{curvature}: distance to the residual optimum {before:G3} -> {after:G3}");
            Assert.True(residualObjective.Loss(updated) < residualObjective.Loss(e0), $"{curvature}: residual loss did not drop");
        }
    }

    /// <summary>A local minimiser of the dense reference objective (L-BFGS), independent of the code under test.</summary>
    private static Tensor Minimise(BipartiteGraph graph, (long[] U, long[] P, long[] N) t, double n, Tensor start)
    {
        using var e = new TorchSharp.Modules.Parameter(start.clone(), requires_grad: true);
        using var optimizer = optim.LBFGS([e], lr: 1, max_iter: 500, tolerange_grad: 1e-9 /* TorchSharp spells it so */, tolerance_change: 1e-14, history_size: 50);
        for (var round = 0; round < 4; round++)
        {
            optimizer.step(() =>
            {
                optimizer.zero_grad();
                var loss = DenseLoss(graph, e, t, n);
                loss.backward();
                return loss;
            });
        }

        return e.detach().clone();
    }
}
