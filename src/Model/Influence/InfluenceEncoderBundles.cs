using System.Globalization;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;
using UnlearnRec.Model.Bundles;

namespace UnlearnRec.Model.Influence;

/// <summary>
/// Stores the Influence Encoder and unlearning results in model bundles: H⁰, η and the MLP under the
/// <see cref="BundleArrayNames"/> encoder names with the hyper-parameters in <see cref="BundleManifest.Encoder"/>;
/// the cumulative forgotten set, Ẽ0 and the served final embeddings after unlearning; and what fine-tuning learned
/// (E0′ and the fine-tuned MLP, under <c>encoder.tuned.*</c>) so the next request continues from it (method.md §5.3).
/// </summary>
public static class InfluenceEncoderBundles
{
    /// <summary>Array name of the fine-tuned copy E0′ (float32, [nodes, dim]).</summary>
    public const string TunedEgo = "encoder.tuned.ego";

    /// <summary>Array name of fine-tuned MLP weight k (float32, [dim, dim]).</summary>
    public static string TunedWeight(int k) => $"encoder.tuned.mlp.{k}.weight";

    /// <summary>Array name of fine-tuned MLP bias k (float32, [dim]).</summary>
    public static string TunedBias(int k) => $"encoder.tuned.mlp.{k}.bias";

    /// <summary>Keys of <see cref="BundleManifest.Encoder"/>.</summary>
    public static class Keys
    {
        /// <summary>α.</summary>
        public const string Alpha = "alpha";

        /// <summary>LeakyReLU slope.</summary>
        public const string Slope = "slope";

        /// <summary>MLP layers K.</summary>
        public const string MlpLayers = "mlp_layers";

        /// <summary>1 when H̄ is the last layer only, 0 for the sum over layers.</summary>
        public const string ReadoutLast = "readout_last";

        /// <summary>η initial value.</summary>
        public const string EtaInit = "eta_init";

        /// <summary>IE layers L.</summary>
        public const string Layers = "layers";

        /// <summary>ρ_pre.</summary>
        public const string RhoPre = "rho_pre";

        /// <summary>sim_epoch.</summary>
        public const string SimEpoch = "sim_epoch";

        /// <summary>λ_u.</summary>
        public const string LambdaU = "lambda_u";

        /// <summary>λ_p.</summary>
        public const string LambdaP = "lambda_p";

        /// <summary>λ_c.</summary>
        public const string LambdaC = "lambda_c";

        /// <summary>τ_p.</summary>
        public const string TauP = "tau_p";

        /// <summary>τ_c.</summary>
        public const string TauC = "tau_c";

        /// <summary>L_c view keep probability.</summary>
        public const string ContrastKeep = "contrast_keep";

        /// <summary>Pre-training learning rate.</summary>
        public const string LearningRate = "lr";

        /// <summary>Pre-training epochs.</summary>
        public const string Epochs = "epochs";

        /// <summary>Pre-training batch size.</summary>
        public const string Batch = "batch";

        /// <summary>Cap on batches per pre-training epoch.</summary>
        public const string MaxBatches = "max_batches";

        /// <summary>Pre-training seed.</summary>
        public const string Seed = "seed";

        /// <summary>Held-out request ratio.</summary>
        public const string HoldoutRatio = "holdout_ratio";

        /// <summary>Recall guard fraction.</summary>
        public const string RecallGuard = "recall_guard";

        /// <summary>Pre-training wall time.</summary>
        public const string PretrainSeconds = "pretrain_seconds";

        /// <summary>Selected epoch.</summary>
        public const string SelectedEpoch = "selected_epoch";

        /// <summary>Held-out gap of the selected checkpoint.</summary>
        public const string HoldoutGap = "holdout_gap";
    }

    /// <summary>Whether the bundle carries a pre-trained encoder.</summary>
    public static bool HasEncoder(ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return bundle.Manifest.Encoder is not null && bundle.Has(BundleArrayNames.EncoderH0);
    }

    /// <summary>
    /// A copy of the bundle with <paramref name="encoder"/> stored. A previous encoder's fine-tuned state is dropped
    /// (it belongs to the old encoder); the forgotten set and the served embeddings stay as they are.
    /// </summary>
    public static ModelBundle WithEncoder(ModelBundle bundle, InfluenceEncoderState encoder)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(encoder);
        encoder.Validate();
        var m = bundle.Manifest;
        if (encoder.Nodes != m.Users + m.Items || encoder.Dim != m.Dim)
        {
            throw new ArgumentException($"encoder ({encoder.Nodes} nodes, dim {encoder.Dim}) does not fit the bundle ({m.Users + m.Items} nodes, dim {m.Dim})");
        }

        var arrays = new Dictionary<string, BundleArray>(bundle.Arrays, StringComparer.Ordinal);
        foreach (var name in arrays.Keys.Where(k => k.StartsWith("encoder.", StringComparison.Ordinal)).ToList())
        {
            arrays.Remove(name);
        }

        arrays[BundleArrayNames.EncoderH0] = BundleArray.Of(encoder.H0, encoder.Nodes, encoder.Dim);
        arrays[BundleArrayNames.EncoderEta] = BundleArray.Of(encoder.Eta, encoder.Nodes);
        for (var k = 0; k < encoder.Weights.Count; k++)
        {
            arrays[BundleArrayNames.EncoderWeight(k)] = BundleArray.Of(encoder.Weights[k], encoder.Dim, encoder.Dim);
            arrays[BundleArrayNames.EncoderBias(k)] = BundleArray.Of(encoder.Biases[k], encoder.Dim);
        }

        var o = encoder.Options;
        var hyper = new Dictionary<string, double>
        {
            [Keys.Alpha] = o.Alpha,
            [Keys.Slope] = o.Slope,
            [Keys.MlpLayers] = o.MlpLayers,
            [Keys.ReadoutLast] = o.ReadoutLastOnly ? 1 : 0,
            [Keys.EtaInit] = o.EtaInit,
            [Keys.Layers] = encoder.Layers,
            [Keys.RhoPre] = o.RhoPre,
            [Keys.SimEpoch] = o.SimEpoch,
            [Keys.LambdaU] = o.LambdaU,
            [Keys.LambdaP] = o.LambdaP,
            [Keys.LambdaC] = o.LambdaC,
            [Keys.TauP] = o.TauP,
            [Keys.TauC] = o.TauC,
            [Keys.ContrastKeep] = o.ContrastKeep,
            [Keys.LearningRate] = o.LearningRate,
            [Keys.Epochs] = o.Epochs,
            [Keys.Batch] = o.BatchSize,
            [Keys.MaxBatches] = o.MaxBatchesPerEpoch,
            [Keys.Seed] = o.Seed,
            [Keys.HoldoutRatio] = o.EffectiveHoldoutRatio,
            [Keys.RecallGuard] = o.RecallGuard,
            [Keys.PretrainSeconds] = encoder.PretrainSeconds,
            [Keys.SelectedEpoch] = encoder.SelectedEpoch,
            [Keys.HoldoutGap] = double.IsFinite(encoder.HoldoutGap) ? encoder.HoldoutGap : 0,
        };
        return new ModelBundle(m with { Encoder = hyper }, arrays);
    }

    /// <summary>Reads the pre-trained encoder, or null when the bundle has none.</summary>
    /// <exception cref="BundleFormatException">The encoder arrays or hyper-parameters are incomplete or mis-shaped.</exception>
    public static InfluenceEncoderState? ReadEncoder(ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (!HasEncoder(bundle))
        {
            return null;
        }

        var m = bundle.Manifest;
        var e = m.Encoder!;
        double H(string key, double fallback) => e.TryGetValue(key, out var v) ? v : fallback;
        var d = new EncoderOptions();
        var options = new EncoderOptions
        {
            Alpha = H(Keys.Alpha, d.Alpha),
            Slope = H(Keys.Slope, d.Slope),
            MlpLayers = (int)H(Keys.MlpLayers, d.MlpLayers),
            ReadoutLastOnly = H(Keys.ReadoutLast, 0) != 0,
            EtaInit = H(Keys.EtaInit, d.EtaInit),
            RhoPre = H(Keys.RhoPre, d.RhoPre),
            SimEpoch = (int)H(Keys.SimEpoch, d.SimEpoch),
            LambdaU = H(Keys.LambdaU, d.LambdaU),
            LambdaP = H(Keys.LambdaP, d.LambdaP),
            LambdaC = H(Keys.LambdaC, d.LambdaC),
            TauP = H(Keys.TauP, d.TauP),
            TauC = H(Keys.TauC, d.TauC),
            ContrastKeep = H(Keys.ContrastKeep, d.ContrastKeep),
            LearningRate = H(Keys.LearningRate, d.LearningRate),
            Epochs = (int)H(Keys.Epochs, d.Epochs),
            BatchSize = (int)H(Keys.Batch, d.BatchSize),
            MaxBatchesPerEpoch = (int)H(Keys.MaxBatches, d.MaxBatchesPerEpoch),
            Seed = (int)H(Keys.Seed, d.Seed),
            HoldoutRatio = H(Keys.HoldoutRatio, d.HoldoutRatio),
            RecallGuard = H(Keys.RecallGuard, d.RecallGuard),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new BundleFormatException($"bundle encoder hyper-parameters are invalid: {ex.Message}");
        }

        var nodes = (long)m.Users + m.Items;
        var layers = (int)H(Keys.Layers, m.Layers);
        if (layers != m.Layers)
        {
            throw new BundleFormatException($"bundle encoder has {layers} layers but the backbone {m.Layers}");
        }

        var weights = new List<float[]>();
        var biases = new List<float[]>();
        for (var k = 0; k < options.MlpLayers; k++)
        {
            weights.Add(bundle.Floats(BundleArrayNames.EncoderWeight(k), m.Dim, m.Dim));
            biases.Add(bundle.Floats(BundleArrayNames.EncoderBias(k), m.Dim));
        }

        return new InfluenceEncoderState
        {
            Nodes = (int)nodes,
            Dim = m.Dim,
            Layers = layers,
            Options = options,
            H0 = bundle.Floats(BundleArrayNames.EncoderH0, nodes, m.Dim),
            Eta = bundle.Floats(BundleArrayNames.EncoderEta, nodes),
            Weights = weights,
            Biases = biases,
            PretrainSeconds = H(Keys.PretrainSeconds, 0),
            SelectedEpoch = (int)H(Keys.SelectedEpoch, 0),
            HoldoutGap = H(Keys.HoldoutGap, 0),
        };
    }

    /// <summary>The fine-tuned state stored by the last unlearning, or null.</summary>
    public static FineTunedEncoder? ReadTuned(ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (!bundle.Has(TunedEgo) || bundle.Manifest.Encoder is null)
        {
            return null;
        }

        var m = bundle.Manifest;
        var layers = (int)(m.Encoder.TryGetValue(Keys.MlpLayers, out var k) ? k : 2);
        var weights = new List<float[]>();
        var biases = new List<float[]>();
        for (var i = 0; i < layers; i++)
        {
            weights.Add(bundle.Floats(TunedWeight(i), m.Dim, m.Dim));
            biases.Add(bundle.Floats(TunedBias(i), m.Dim));
        }

        return new FineTunedEncoder(bundle.Floats(TunedEgo, (long)m.Users + m.Items, m.Dim), weights, biases);
    }

    /// <summary>The forgotten set stored in a bundle (empty when nothing was forgotten).</summary>
    public static EdgeList ReadForgotten(ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return bundle.Has(BundleArrayNames.ForgottenEdges) ? BackboneBundles.ReadEdges(bundle, BundleArrayNames.ForgottenEdges) : EdgeList.Empty;
    }

    /// <summary>
    /// A copy of the bundle after an unlearning: the cumulative forgotten set, Ẽ0, the served final embeddings, the
    /// fine-tuned state (removed when <paramref name="tuned"/> is null) and <paramref name="metrics"/> merged into
    /// the manifest's metrics.
    /// </summary>
    public static ModelBundle WithUnlearning(ModelBundle bundle, EdgeList forgotten, float[] unlearnedEgo, float[] unlearnedFinal, FineTunedEncoder? tuned, IReadOnlyDictionary<string, double>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(forgotten);
        ArgumentNullException.ThrowIfNull(unlearnedEgo);
        ArgumentNullException.ThrowIfNull(unlearnedFinal);
        var m = bundle.Manifest;
        var nodes = (long)m.Users + m.Items;
        var arrays = new Dictionary<string, BundleArray>(bundle.Arrays, StringComparer.Ordinal)
        {
            [BundleArrayNames.ForgottenEdges] = BackboneBundles.EdgeArray(forgotten),
            [BundleArrayNames.UnlearnedEgo] = BundleArray.Of(unlearnedEgo, nodes, m.Dim),
            [BundleArrayNames.UnlearnedFinal] = BundleArray.Of(unlearnedFinal, nodes, m.Dim),
        };
        foreach (var name in arrays.Keys.Where(k => k.StartsWith("encoder.tuned.", StringComparison.Ordinal)).ToList())
        {
            arrays.Remove(name);
        }

        if (tuned is not null)
        {
            arrays[TunedEgo] = BundleArray.Of(tuned.Ego, nodes, m.Dim);
            for (var k = 0; k < tuned.Weights.Count; k++)
            {
                arrays[TunedWeight(k)] = BundleArray.Of(tuned.Weights[k], m.Dim, m.Dim);
                arrays[TunedBias(k)] = BundleArray.Of(tuned.Biases[k], m.Dim);
            }
        }

        var merged = new Dictionary<string, double>(m.Metrics);
        foreach (var (key, value) in metrics ?? new Dictionary<string, double>())
        {
            merged[key] = double.IsFinite(value) ? value : 0;
        }

        var notes = new List<string>(m.Notes)
        {
            string.Create(CultureInfo.InvariantCulture, $"unlearned {forgotten.Count} interactions in total ({DateTime.UtcNow:O})"),
        };
        return new ModelBundle(m with { Metrics = merged, Notes = notes }, arrays);
    }
}
