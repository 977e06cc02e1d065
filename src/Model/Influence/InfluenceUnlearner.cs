using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Bundles;
using UnlearnRec.Model.Evaluation;
using UnlearnRec.Model.Torch;
using UnlearnRec.Model.Training;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Influence;

/// <summary>
/// Unlearning with a pre-trained Influence Encoder for one trained model (method.md §5): zero-shot Ẽ0 from one IE
/// forward, then optional fine-tuning of the MLP and a copy of E0. It keeps what fine-tuning learned, so a sequence
/// of requests is handled by the §5.3 rule: the IE always sees the cumulative forgotten set and the ORIGINAL Ē, and
/// each fine-tuning starts from the previous fine-tuned MLP and E0′. Single-threaded; holds no tensors between
/// calls (each call creates and disposes its own), so it needs no disposal.
/// </summary>
public sealed class InfluenceUnlearner
{
    private readonly Backbone _backbone;
    private readonly float[] _ego;
    private readonly float[] _final;
    private readonly Device _device;
    private FineTunedEncoder? _tuned;

    /// <summary>Creates an unlearner.</summary>
    /// <param name="backbone">The model's backbone (forward and L_M).</param>
    /// <param name="original">The original training graph.</param>
    /// <param name="ego">Original E0 (N×d); not modified.</param>
    /// <param name="final">Original Ē on <paramref name="original"/> (N×d); not modified.</param>
    /// <param name="encoder">Pre-trained encoder.</param>
    /// <param name="device">Compute device.</param>
    /// <param name="test">Test graph for the Recall part of the fine-tuning early stop (optional).</param>
    public InfluenceUnlearner(Backbone backbone, BipartiteGraph original, float[] ego, float[] final, InfluenceEncoderState encoder, Device device, BipartiteGraph? test = null)
    {
        _backbone = backbone ?? throw new ArgumentNullException(nameof(backbone));
        Original = original ?? throw new ArgumentNullException(nameof(original));
        _ego = ego ?? throw new ArgumentNullException(nameof(ego));
        _final = final ?? throw new ArgumentNullException(nameof(final));
        Encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        _device = device ?? throw new ArgumentNullException(nameof(device));
        Test = test;
        encoder.Validate();
        Dim = backbone.Options.Dim;
        if (encoder.Nodes != original.NodeCount || encoder.Dim != Dim || encoder.Layers != backbone.Options.Layers)
        {
            throw new ArgumentException($"encoder ({encoder.Nodes} nodes, dim {encoder.Dim}, {encoder.Layers} layers) does not fit the model ({original.NodeCount} nodes, dim {Dim}, {backbone.Options.Layers} layers)");
        }

        if (ego.Length != (long)original.NodeCount * Dim || final.Length != ego.Length)
        {
            throw new ArgumentException($"E0/Ē have {ego.Length}/{final.Length} values, expected {original.NodeCount}×{Dim}");
        }

        if (test is not null && (test.UserCount != original.UserCount || test.ItemCount != original.ItemCount))
        {
            throw new ArgumentException("test graph must have the same users and items as the training graph");
        }
    }

    /// <summary>The original training graph.</summary>
    public BipartiteGraph Original { get; }

    /// <summary>Test graph used by the early stop, if any.</summary>
    public BipartiteGraph? Test { get; }

    /// <summary>The pre-trained encoder.</summary>
    public InfluenceEncoderState Encoder { get; }

    /// <summary>Embedding width.</summary>
    public int Dim { get; }

    /// <summary>What fine-tuning learned so far, or null before the first fine-tuning.</summary>
    public FineTunedEncoder? Tuned => _tuned;

    /// <summary>Creates an unlearner for a model read from a bundle (its test split feeds the early stop).</summary>
    public static InfluenceUnlearner Create(TrainedBackbone model, InfluenceEncoderState encoder, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        var ds = model.Dataset;
        var original = BipartiteGraph.Build(ds.UserCount, ds.ItemCount, ds.Train);
        var test = ds.Test.Count > 0 ? BipartiteGraph.Build(ds.UserCount, ds.ItemCount, ds.Test) : null;
        return new InfluenceUnlearner(Backbone.Create(model.Kind, model.Options), original, model.Ego, model.Final, encoder, device, test);
    }

    /// <summary>Continues from an earlier fine-tuning (e.g. one stored in a bundle).</summary>
    public void Restore(FineTunedEncoder tuned)
    {
        ArgumentNullException.ThrowIfNull(tuned);
        if (tuned.Ego.Length != _ego.Length || tuned.Weights.Count != Encoder.Weights.Count || tuned.Biases.Count != Encoder.Biases.Count)
        {
            throw new ArgumentException("fine-tuned state does not fit the encoder");
        }

        _tuned = tuned;
    }

    /// <summary>Forgets what fine-tuning learned (back to the pre-trained encoder and the original E0).</summary>
    public void Reset() => _tuned = null;

    /// <summary>
    /// Zero-shot Ẽ0 = E0′ + MLP′(−α Â_Δᴸ(Ē ⊙ η) + H̄) for the cumulative <paramref name="forgotten"/> set, without the
    /// backbone propagation (the online engine propagates itself). An empty set returns the original E0: with nothing
    /// forgotten there is nothing to correct (the summed readout would otherwise still add H⁰ everywhere).
    /// </summary>
    public float[] CorrectEgo(EdgeList forgotten)
    {
        ArgumentNullException.ThrowIfNull(forgotten);
        if (forgotten.Count == 0)
        {
            return (float[])_ego.Clone();
        }

        var idm = InfluenceDependencyMatrix.Build(Original.UserCount, Original.ItemCount, forgotten);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return TensorArrays.ToArray(CorrectedEgo(idm));
    }

    /// <summary>Zero-shot unlearning: Ẽ0 and the embeddings to serve, Backbone.Forward(Â_r, Ẽ0).</summary>
    /// <param name="forgotten">Cumulative forgotten set (dense ids, all in the original graph).</param>
    /// <param name="residual">Original minus <paramref name="forgotten"/>, if the caller has it (else built and timed here).</param>
    public ZeroShotResult ZeroShot(EdgeList forgotten, BipartiteGraph? residual = null)
    {
        ArgumentNullException.ThrowIfNull(forgotten);
        var total = Stopwatch.StartNew();
        var watch = Stopwatch.StartNew();
        residual ??= EdgeSets.Residual(Original, forgotten);
        var adjacency = residual.NormalizedAdjacency();
        var residualSeconds = watch.Elapsed.TotalSeconds;
        using var graph = new PropagationGraph(adjacency, _device);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        watch.Restart();
        Tensor corrected;
        if (forgotten.Count == 0)
        {
            corrected = TensorArrays.Copy(_ego, [Original.NodeCount, Dim], _device);
        }
        else
        {
            var idm = InfluenceDependencyMatrix.Build(Original.UserCount, Original.ItemCount, forgotten);
            corrected = CorrectedEgo(idm);
        }

        var encoderSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var final = _backbone.Forward(graph, corrected);
        var finalValues = TensorArrays.ToArray(final);
        var propagationSeconds = watch.Elapsed.TotalSeconds;
        var ego = TensorArrays.ToArray(corrected);
        return new ZeroShotResult
        {
            Ego = ego,
            Final = finalValues,
            ResidualSeconds = residualSeconds,
            EncoderSeconds = encoderSeconds,
            PropagationSeconds = propagationSeconds,
            Seconds = total.Elapsed.TotalSeconds,
        };
    }

    /// <summary>
    /// Fine-tunes the MLP and a copy of E0 (starting from the previous fine-tuning, if any) on
    /// L_ft = L_M + λ_u L_u + λ_p L_p over minibatches of E_r (method.md §5.2); H⁰ and η stay frozen, so the MLP's
    /// input ΔE0 is computed once. After each epoch the A9 early stop may end it: MI-NG ≥ target and (with a test
    /// graph) Recall@K ≥ fraction × the starting (zero-shot) Recall. Updates <see cref="Tuned"/>.
    /// </summary>
    /// <param name="forgotten">Cumulative forgotten set.</param>
    /// <param name="options">Fine-tuning settings.</param>
    /// <param name="residual">Original minus <paramref name="forgotten"/> (built when null).</param>
    /// <param name="zeroShotRecall">Recall@K of the zero-shot model, if already known (saves one evaluation).</param>
    /// <param name="progress">Called after every epoch.</param>
    /// <param name="cancellationToken">Stops after the current step (the fine-tuned state is then left unchanged).</param>
    public FineTuneResult FineTune(EdgeList forgotten, FineTuneOptions options, BipartiteGraph? residual = null, double? zeroShotRecall = null, Action<FineTuneEpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(forgotten);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (forgotten.Count == 0)
        {
            throw new ArgumentException("nothing to fine-tune for: the forgotten set is empty");
        }

        ComputeDevice.EnsureInitialised();
        var nodes = Original.NodeCount;
        residual ??= EdgeSets.Residual(Original, forgotten);
        var idm = InfluenceDependencyMatrix.Build(Original.UserCount, Original.ItemCount, forgotten);
        using var idmGraph = new PropagationGraph(idm.Matrix, _device);
        using var graph = new PropagationGraph(residual.NormalizedAdjacency(), _device);
        var evaluator = Test is not null && options.EarlyStop ? new RankingEvaluator(residual, Test, options.TopK) : null;
        var random = new Random(options.Seed);
        var checkSeconds = 0.0;

        using var encoder = new InfluenceEncoder(EncoderWithTunedMlp(), _device);
        using var finalT = TensorArrays.Copy(_final, [nodes, Dim], _device);
        using var ego = TensorArrays.Parameter(_tuned?.Ego ?? _ego, [nodes, Dim], _device, requiresGrad: true);
        Tensor raw;
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            // H⁰ and η are frozen in fine-tuning, so the MLP's input is a constant computed once
            raw = encoder.RawShift(idmGraph, finalT).MoveToOuterDisposeScope();
        }

        using var rawShift = raw;
        var (requestUsers, requestItems) = TensorArrays.EdgeNodes(idm.Graph.ToEdgeList(), Original.UserCount, _device);
        using var ru = requestUsers;
        using var ri = requestItems;

        double? recallFloor = null;
        if (evaluator is not null)
        {
            var w = Stopwatch.StartNew();
            var start = zeroShotRecall ?? Recall(evaluator, graph, encoder, ego, rawShift);
            recallFloor = options.RecallFraction * start;
            checkSeconds += w.Elapsed.TotalSeconds;
        }

        encoder.SetPhase(EncoderPhase.FineTune);
        using var optimizer = optim.Adam([.. encoder.TrainableParameters(), ego], lr: options.LearningRate);
        var maxBatches = options.MaxBatchesPerEpoch > 0 ? options.MaxBatchesPerEpoch : int.MaxValue;
        var source = new BprBatchSource(residual, options.BatchSize, maxBatches, (ulong)(uint)options.Seed);
        var history = new List<FineTuneEpochReport>();
        var seconds = 0.0;
        var steps = 0;
        var stopped = false;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            source.BeginEpoch(epoch);
            var batches = source.BatchesPerEpoch;
            double total = 0, model = 0, unlearn = 0, preserve = 0;
            for (var b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // the previous step's autograd graph is only freed by a collection (see AutogradMemory)
                AutogradMemory.ReleaseFinishedGraphs();
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var batch = source.Batch(b, _device);
                var corrected = ego + encoder.Mlp(rawShift);
                var lm = _backbone.Loss(graph, corrected, batch, random);
                var lu = UnlearningLosses.Unlearn(lm.Final, ru, ri);
                var lp = options.LambdaP > 0 ? UnlearningLosses.Preserve(lm.Final, finalT, batch, options.TauP) : zeros(1, device: _device).squeeze();
                var loss = lm.Total + (lu * options.LambdaU) + (lp * options.LambdaP);
                loss.backward();
                optimizer.step();
                total += loss.item<float>();
                model += lm.Total.item<float>();
                unlearn += lu.item<float>();
                preserve += lp.item<float>();
                steps++;
            }

            var epochSeconds = watch.Elapsed.TotalSeconds;
            seconds += epochSeconds;
            double? miNg = null, recall = null;
            var stop = false;
            if (options.EarlyStop && epoch < options.Epochs)
            {
                var w = Stopwatch.StartNew();
                using (no_grad())
                using (var scope = NewDisposeScope())
                {
                    var final = _backbone.Forward(graph, ego + encoder.Mlp(rawShift));
                    miNg = MembershipRatios.MiNg(TensorArrays.ToArray(final), Dim, Original, forgotten, options.Seed, options.NegativeDraws);
                    if (evaluator is not null)
                    {
                        recall = evaluator.Evaluate(final).Recall;
                    }
                }

                stop = miNg >= options.MiNgTarget && (recallFloor is null || recall >= recallFloor);
                checkSeconds += w.Elapsed.TotalSeconds;
            }

            var n = Math.Max(1, batches);
            var report = new FineTuneEpochReport(epoch, options.Epochs, batches, total / n, model / n, unlearn / n, preserve / n, epochSeconds, miNg, recall, stop);
            history.Add(report);
            progress?.Invoke(report);
            if (stop)
            {
                stopped = true;
                break;
            }
        }

        float[] egoOut, finalOut;
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var corrected = ego + encoder.Mlp(rawShift);
            egoOut = TensorArrays.ToArray(corrected);
            finalOut = TensorArrays.ToArray(_backbone.Forward(graph, corrected));
        }

        _tuned = new FineTunedEncoder(
            TensorArrays.ToArray(ego),
            encoder.Weights.Select(TensorArrays.ToArray).ToArray(),
            encoder.Biases.Select(TensorArrays.ToArray).ToArray());
        return new FineTuneResult
        {
            Ego = egoOut,
            Final = finalOut,
            Seconds = seconds,
            CheckSeconds = checkSeconds,
            EpochsRun = history.Count,
            Steps = steps,
            StoppedEarly = stopped,
            History = history,
        };
    }

    private double Recall(RankingEvaluator evaluator, PropagationGraph graph, InfluenceEncoder encoder, Tensor ego, Tensor rawShift)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return evaluator.Evaluate(_backbone.Forward(graph, ego + encoder.Mlp(rawShift))).Recall;
    }

    private InfluenceEncoderState EncoderWithTunedMlp() =>
        _tuned is null ? Encoder : Encoder with { Weights = _tuned.Weights, Biases = _tuned.Biases };

    /// <summary>E0′ + MLP′(ΔE0) under the caller's no-grad and dispose scopes.</summary>
    private Tensor CorrectedEgo(InfluenceDependencyMatrix idm)
    {
        var nodes = Original.NodeCount;
        using var graph = new PropagationGraph(idm.Matrix, _device);
        using var encoder = new InfluenceEncoder(EncoderWithTunedMlp(), _device);
        var ego = TensorArrays.Copy(_tuned?.Ego ?? _ego, [nodes, Dim], _device);
        var final = TensorArrays.Copy(_final, [nodes, Dim], _device);
        return encoder.Forward(graph, ego, final);
    }
}
