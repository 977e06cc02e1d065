using TorchSharp;
using TorchSharp.Modules;
using UnlearnRec.Model.Torch;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Influence;

/// <summary>
/// The Influence Encoder (method.md §3.2–3.3) as TorchSharp parameters on one device:
/// H̄ = Σ_{l=0..L} Â_Δˡ H⁰ (or Â_Δᴸ H⁰ with <see cref="EncoderOptions.ReadoutLastOnly"/>),
/// Ē_w = Â_Δᴸ (Ē ⊙ η), ΔE0 = −α Ē_w + H̄, ΔĒ0 = MLP(ΔE0) with LeakyReLU_s after every layer, Ẽ0 = E0 + ΔĒ0.
/// Both chains run through <see cref="PropagationGraph.Readout"/> (one fused autograd node each).
/// Not thread-safe; tensors returned belong to the caller's dispose scope.
/// </summary>
public sealed class InfluenceEncoder : IDisposable
{
    private readonly Parameter _h0;
    private readonly Parameter _eta;
    private readonly Parameter[] _weights;
    private readonly Parameter[] _biases;
    private readonly float[] _readoutWeights;
    private readonly float[] _withdrawWeights;

    /// <summary>Creates the encoder from stored (or initial) parameters; the arrays are copied.</summary>
    public InfluenceEncoder(InfluenceEncoderState state, Device device)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(device);
        state.Validate();
        State0 = state;
        Device = device;
        Nodes = state.Nodes;
        Dim = state.Dim;
        Layers = state.Layers;
        Options = state.Options;
        _h0 = TensorArrays.Parameter(state.H0, [Nodes, Dim], device, requiresGrad: false);
        _eta = TensorArrays.Parameter(state.Eta, [Nodes, 1], device, requiresGrad: false);
        _weights = state.Weights.Select(w => TensorArrays.Parameter(w, [Dim, Dim], device, requiresGrad: false)).ToArray();
        _biases = state.Biases.Select(b => TensorArrays.Parameter(b, [Dim], device, requiresGrad: false)).ToArray();
        _readoutWeights = new float[Layers + 1];
        if (Options.ReadoutLastOnly)
        {
            _readoutWeights[Layers] = 1f;
        }
        else
        {
            Array.Fill(_readoutWeights, 1f);
        }

        _withdrawWeights = new float[Layers + 1];
        _withdrawWeights[Layers] = 1f;
    }

    /// <summary>Number of nodes N.</summary>
    public int Nodes { get; }

    /// <summary>Embedding width d.</summary>
    public int Dim { get; }

    /// <summary>IE propagation layers L.</summary>
    public int Layers { get; }

    /// <summary>Architecture settings.</summary>
    public EncoderOptions Options { get; }

    /// <summary>Device of the parameters.</summary>
    public Device Device { get; }

    /// <summary>Trainability currently in effect.</summary>
    public EncoderPhase Phase { get; private set; } = EncoderPhase.Frozen;

    /// <summary>H⁰ (N×d).</summary>
    public Parameter H0 => _h0;

    /// <summary>η (N×1).</summary>
    public Parameter Eta => _eta;

    /// <summary>MLP weights W_k (d×d, input × output).</summary>
    public IReadOnlyList<Parameter> Weights => _weights;

    /// <summary>MLP biases b_k (d).</summary>
    public IReadOnlyList<Parameter> Biases => _biases;

    private InfluenceEncoderState State0 { get; }

    /// <summary>Sets which parameters require gradients (method.md §3.4).</summary>
    public void SetPhase(EncoderPhase phase)
    {
        Phase = phase;
        var pre = phase == EncoderPhase.Pretrain;
        var fine = phase == EncoderPhase.FineTune;
        _h0.requires_grad_(pre);
        _eta.requires_grad_(pre);
        foreach (var p in _weights.Concat(_biases))
        {
            p.requires_grad_(fine);
        }
    }

    /// <summary>The parameters trained in the current phase (E0's copy in fine-tuning is held by the caller).</summary>
    public IReadOnlyList<Parameter> TrainableParameters() => Phase switch
    {
        EncoderPhase.Pretrain => [_h0, _eta],
        EncoderPhase.FineTune => [.. _weights, .. _biases],
        _ => [],
    };

    /// <summary>IEM readout H̄ over Â_Δ.</summary>
    public Tensor InfluenceReadout(PropagationGraph idm)
    {
        ArgumentNullException.ThrowIfNull(idm);
        return idm.Readout(_h0, _readoutWeights);
    }

    /// <summary>Withdraw term Ē_w = Â_Δᴸ (Ē ⊙ η) for the ORIGINAL final embeddings <paramref name="originalFinal"/>.</summary>
    public Tensor Withdraw(PropagationGraph idm, Tensor originalFinal)
    {
        ArgumentNullException.ThrowIfNull(idm);
        ArgumentNullException.ThrowIfNull(originalFinal);
        return idm.Readout(originalFinal * _eta, _withdrawWeights);
    }

    /// <summary>Raw shift ΔE0 = −α Ē_w + H̄ (before the MLP).</summary>
    public Tensor RawShift(PropagationGraph idm, Tensor originalFinal)
    {
        var hbar = InfluenceReadout(idm);
        return Options.Alpha == 0 ? hbar : hbar - (Withdraw(idm, originalFinal) * Options.Alpha);
    }

    /// <summary>ΔĒ0 = MLP(x): X^k = LeakyReLU_s(X^{k−1} W_k + b_k), activation after every layer.</summary>
    public Tensor Mlp(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var h = x;
        for (var k = 0; k < _weights.Length; k++)
        {
            h = nn.functional.leaky_relu(h.mm(_weights[k]) + _biases[k], Options.Slope);
        }

        return h;
    }

    /// <summary>Ẽ0 = E0 + MLP(−α Â_Δᴸ(Ē ⊙ η) + H̄).</summary>
    /// <param name="idm">Â_Δ of the (cumulative) request.</param>
    /// <param name="ego">E0 (or the fine-tuned copy E0′), N×d.</param>
    /// <param name="originalFinal">Ē of the original model on the original graph, N×d.</param>
    public Tensor Forward(PropagationGraph idm, Tensor ego, Tensor originalFinal)
    {
        ArgumentNullException.ThrowIfNull(ego);
        return ego + Mlp(RawShift(idm, originalFinal));
    }

    /// <summary>Copies the current parameters out as arrays (training metadata carried over from the initial state).</summary>
    public InfluenceEncoderState ToState() => State0 with
    {
        H0 = TensorArrays.ToArray(_h0),
        Eta = TensorArrays.ToArray(_eta),
        Weights = _weights.Select(TensorArrays.ToArray).ToArray(),
        Biases = _biases.Select(TensorArrays.ToArray).ToArray(),
    };

    /// <summary>Overwrites the MLP with stored values (e.g. the fine-tuned MLP of a previous request).</summary>
    public void LoadMlp(IReadOnlyList<float[]> weights, IReadOnlyList<float[]> biases)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        if (weights.Count != _weights.Length || biases.Count != _biases.Length)
        {
            throw new ArgumentException($"expected {_weights.Length} MLP layers, got {weights.Count} weights and {biases.Count} biases");
        }

        using var noGrad = no_grad();
        for (var k = 0; k < _weights.Length; k++)
        {
            using var w = TensorArrays.Copy(weights[k], [Dim, Dim], Device);
            using var b = TensorArrays.Copy(biases[k], [Dim], Device);
            _weights[k].copy_(w);
            _biases[k].copy_(b);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _h0.Dispose();
        _eta.Dispose();
        foreach (var p in _weights.Concat(_biases))
        {
            p.Dispose();
        }
    }
}
