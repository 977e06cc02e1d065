using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Torch;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Baselines;

/// <summary>
/// The full-batch training objective the influence-function baseline differentiates:
/// L(E0) = (1/n) Σ_{(u,i,j)∈T} −log σ(ŷ_ui − ŷ_uj) + λ‖E0‖², with ŷ the dot products of Ē = Forward(graph, E0) and a
/// fixed set of BPR triples T (fixed negatives, so L is a deterministic function of E0).
/// </summary>
/// <remarks>
/// Hessian-vector products. The fused sparse autograd functions compute their backward pass with raw kernels, so that
/// backward is not itself differentiable: double-backward through <see cref="Backbone.Forward"/> does not build a
/// graph. It is not needed: every backbone's main-branch readout is linear in E0 (Ē = J·E0, J = Σ_l w_l Âˡ), so
/// ∇²L = Jᵀ ∇²ℓ(Ē) J + 2λI exactly. J·v is one forward pass, Jᵀ·w one backward pass through the readout, and only
/// ℓ(Ē) — index_select, products, log-sigmoid — is differentiated twice (libtorch double-backward).
/// The triples are processed in chunks so memory stays bounded by one chunk's graph.
/// </remarks>
internal sealed class BprObjective : IDisposable
{
    private readonly Backbone _backbone;
    private readonly PropagationGraph _graph;
    private readonly Tensor _users;
    private readonly Tensor _positives;
    private readonly Tensor _negatives;
    private readonly double _denominator;
    private readonly double _reg;
    private readonly int _chunk;

    /// <summary>Creates the objective; node indices are rows of Ē (items already offset by the user count).</summary>
    public BprObjective(Backbone backbone, PropagationGraph graph, long[] userNodes, long[] positiveNodes, long[] negativeNodes, double denominator, double reg, int chunk = 65_536)
    {
        _backbone = backbone ?? throw new ArgumentNullException(nameof(backbone));
        _graph = graph ?? throw new ArgumentNullException(nameof(graph));
        ArgumentNullException.ThrowIfNull(userNodes);
        ArgumentNullException.ThrowIfNull(positiveNodes);
        ArgumentNullException.ThrowIfNull(negativeNodes);
        if (userNodes.Length != positiveNodes.Length || userNodes.Length != negativeNodes.Length)
        {
            throw new ArgumentException("triple arrays differ in length");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(denominator);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        _users = tensor(userNodes, device: graph.Device);
        _positives = tensor(positiveNodes, device: graph.Device);
        _negatives = tensor(negativeNodes, device: graph.Device);
        _denominator = denominator;
        _reg = reg;
        _chunk = chunk;
        Count = userNodes.Length;
    }

    /// <summary>Number of triples.</summary>
    public int Count { get; }

    /// <summary>Ē = J·E0 (no graph).</summary>
    public Tensor Forward(Tensor ego)
    {
        using (no_grad())
        {
            return _backbone.Forward(_graph, ego).detach();
        }
    }

    /// <summary>L(E0).</summary>
    public double Loss(Tensor ego)
    {
        ArgumentNullException.ThrowIfNull(ego);
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var final = _backbone.Forward(_graph, ego);
            double sum = 0;
            for (var start = 0; start < Count; start += _chunk)
            {
                sum += ChunkLoss(final, start).item<float>();
            }

            return sum + (_reg * ego.square().sum().item<float>());
        }
    }

    /// <summary>∇L(E0), a new detached tensor shaped like <paramref name="ego"/>.</summary>
    public Tensor Gradient(Tensor ego)
    {
        ArgumentNullException.ThrowIfNull(ego);
        using var scope = NewDisposeScope();
        var final = Forward(ego).requires_grad_(true);
        // ℓ's gradient with respect to Ē, accumulated chunk by chunk so one chunk's graph is alive at a time
        for (var start = 0; start < Count; start += _chunk)
        {
            using var chunkScope = NewDisposeScope();
            ChunkLoss(final, start).backward();
        }

        var result = Transposed(final.grad!).add_(ego.detach(), alpha: 2 * _reg);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>∇²L(E0)·v with Ē = J·E0 given (see <see cref="Forward"/>); a new detached tensor.</summary>
    public Tensor HessianVectorProduct(Tensor final, Tensor v)
    {
        ArgumentNullException.ThrowIfNull(final);
        ArgumentNullException.ThrowIfNull(v);
        using var scope = NewDisposeScope();
        var jv = Forward(v);
        var leaf = final.detach().requires_grad_(true);
        var hv = zeros_like(final);
        for (var start = 0; start < Count; start += _chunk)
        {
            using var chunkScope = NewDisposeScope();
            var loss = ChunkLoss(leaf, start);
            var g = autograd.grad([loss], [leaf], retain_graph: true, create_graph: true)[0];
            var directional = (g * jv).sum();
            var h = autograd.grad([directional], [leaf])[0];
            hv.add_(h.detach());
        }

        var result = Transposed(hv).add_(v.detach(), alpha: 2 * _reg);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Generalised Gauss–Newton product G(E0)·v = Jᵀ J_mᵀ diag(σ'(m)/n) J_m J v + 2λv, with m the BPR margins: the
    /// Hessian without the second-derivative term of the (bilinear) margins, hence positive semi-definite. Computed
    /// explicitly (∂m/∂ē_u = ē_i − ē_j, ∂m/∂ē_i = ē_u, ∂m/∂ē_j = −ē_u), no autograd.
    /// </summary>
    public Tensor GaussNewtonVectorProduct(Tensor final, Tensor v)
    {
        ArgumentNullException.ThrowIfNull(final);
        ArgumentNullException.ThrowIfNull(v);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var jv = Forward(v);
        var gv = zeros_like(final);
        for (var start = 0; start < Count; start += _chunk)
        {
            using var chunkScope = NewDisposeScope();
            var count = Math.Min(_chunk, Count - start);
            var ui = _users.narrow(0, start, count);
            var pi = _positives.narrow(0, start, count);
            var ni = _negatives.narrow(0, start, count);
            var u = final.index_select(0, ui);
            var diff = final.index_select(0, pi) - final.index_select(0, ni);
            var du = jv.index_select(0, ui);
            var ddiff = jv.index_select(0, pi) - jv.index_select(0, ni);
            var m = (u * diff).sum(1);
            var dm = (du * diff).sum(1) + (u * ddiff).sum(1);
            var s = sigmoid(m);
            var w = (s * (1 - s) * dm / _denominator).unsqueeze(1);
            gv.index_add_(0, ui, w * diff, 1);
            gv.index_add_(0, pi, w * u, 1);
            gv.index_add_(0, ni, w * u, -1);
        }

        var result = Transposed(gv).add_(v.detach(), alpha: 2 * _reg);
        return result.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _users.Dispose();
        _positives.Dispose();
        _negatives.Dispose();
    }

    /// <summary>Jᵀ·w: one backward pass through the (linear) readout.</summary>
    private Tensor Transposed(Tensor w)
    {
        // callers may be inside no_grad; this backward pass needs a graph
        using var grad = enable_grad();
        var probe = zeros_like(w).requires_grad_(true);
        var y = _backbone.Forward(_graph, probe);
        y.backward([w.detach()]);
        return probe.grad!.detach().clone();
    }

    private Tensor ChunkLoss(Tensor final, int start)
    {
        var count = Math.Min(_chunk, Count - start);
        var u = final.index_select(0, _users.narrow(0, start, count));
        var p = final.index_select(0, _positives.narrow(0, start, count));
        var n = final.index_select(0, _negatives.narrow(0, start, count));
        var margin = (u * (p - n)).sum(1);
        return -nn.functional.logsigmoid(margin).sum() / _denominator;
    }
}
