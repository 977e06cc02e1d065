namespace UnlearnRec.Model.Influence;

/// <summary>
/// The Influence Encoder's parameters as plain arrays (no tensors): what a bundle stores, what a pre-training run
/// produces and what several unlearning runs can share safely. Row-major; W_k is laid out input × output, so the
/// MLP computes X·W_k + b_k.
/// </summary>
public sealed record InfluenceEncoderState
{
    /// <summary>Number of nodes N (users + items).</summary>
    public required int Nodes { get; init; }

    /// <summary>Embedding width d.</summary>
    public required int Dim { get; init; }

    /// <summary>Propagation layers L of the IE (the backbone's).</summary>
    public required int Layers { get; init; }

    /// <summary>Architecture and pre-training settings.</summary>
    public required EncoderOptions Options { get; init; }

    /// <summary>H⁰ (N×d).</summary>
    public required float[] H0 { get; init; }

    /// <summary>η (N).</summary>
    public required float[] Eta { get; init; }

    /// <summary>MLP weights W_k (d×d each, input × output).</summary>
    public required IReadOnlyList<float[]> Weights { get; init; }

    /// <summary>MLP biases b_k (d each).</summary>
    public required IReadOnlyList<float[]> Biases { get; init; }

    /// <summary>Wall time of the pre-training that produced this state (0 for an untrained encoder).</summary>
    public double PretrainSeconds { get; init; }

    /// <summary>Epoch whose checkpoint was selected (0 = the untrained encoder).</summary>
    public int SelectedEpoch { get; init; }

    /// <summary>Held-out score gap mean(non-edges) − mean(request) of the selected checkpoint.</summary>
    public double HoldoutGap { get; init; }

    /// <summary>The untrained encoder of method.md §3.2: H⁰ = 0, η = η_init, W_k = I, b_k = 0.</summary>
    public static InfluenceEncoderState Initial(int nodes, int dim, int layers, EncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(layers);
        options.Validate();
        var eta = new float[nodes];
        Array.Fill(eta, (float)options.EtaInit);
        var weights = new List<float[]>(options.MlpLayers);
        var biases = new List<float[]>(options.MlpLayers);
        for (var k = 0; k < options.MlpLayers; k++)
        {
            var w = new float[dim * dim];
            for (var i = 0; i < dim; i++)
            {
                w[(i * dim) + i] = 1f;
            }

            weights.Add(w);
            biases.Add(new float[dim]);
        }

        return new InfluenceEncoderState
        {
            Nodes = nodes,
            Dim = dim,
            Layers = layers,
            Options = options,
            H0 = new float[nodes * dim],
            Eta = eta,
            Weights = weights,
            Biases = biases,
        };
    }

    /// <summary>Throws <see cref="ArgumentException"/> when array sizes disagree with N, d and K.</summary>
    public void Validate()
    {
        if (H0.Length != (long)Nodes * Dim || Eta.Length != Nodes)
        {
            throw new ArgumentException($"encoder H0 ({H0.Length}) / eta ({Eta.Length}) do not fit {Nodes} nodes × {Dim}");
        }

        if (Weights.Count != Options.MlpLayers || Biases.Count != Options.MlpLayers)
        {
            throw new ArgumentException($"encoder has {Weights.Count} weights and {Biases.Count} biases, expected {Options.MlpLayers}");
        }

        if (Weights.Any(w => w.Length != Dim * Dim) || Biases.Any(b => b.Length != Dim))
        {
            throw new ArgumentException($"encoder MLP layers must be {Dim}×{Dim} with {Dim} biases");
        }
    }
}
