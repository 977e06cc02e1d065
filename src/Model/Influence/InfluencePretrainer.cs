using System.Diagnostics;
using TorchSharp;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Metrics;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Bundles;
using UnlearnRec.Model.Evaluation;
using UnlearnRec.Model.Torch;
using UnlearnRec.Model.Training;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Influence;

/// <summary>
/// Pre-trains the Influence Encoder on simulated unlearning requests (method.md §4): every
/// <see cref="EncoderOptions.SimEpoch"/> epochs a random ρ_pre of the training edges becomes the request E_Δ, Â_Δ,
/// Â_r and the BPR source over E_r are rebuilt, and each minibatch minimises
/// L_M + λ_u L_u + λ_p L_p + λ_c L_c with Adam over H⁰ and η (the MLP stays at identity, A3).
/// Checkpoint selection (A8) never sees a real request: a held-out SIMULATED request (drawn once, excluded from the
/// training requests) is unlearned zero-shot after every request period, and the checkpoint with the largest score
/// gap mean(non-edge) − mean(request) wins among those whose held-out Recall@K stays above
/// <see cref="EncoderOptions.RecallGuard"/> × the untrained encoder's. The Recall guard uses the test split because
/// the data has no validation split; the untrained encoder (epoch 0) is always a candidate.
/// All tensor work runs on the calling thread.
/// </summary>
public sealed class InfluencePretrainer
{
    private readonly EncoderOptions _options;
    private readonly Device _device;

    /// <summary>Creates a pre-trainer.</summary>
    public InfluencePretrainer(EncoderOptions options, Device device)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _device = device ?? throw new ArgumentNullException(nameof(device));
        options.Validate();
    }

    /// <summary>Pre-trains an encoder for a trained backbone (its training graph, test split, E0 and Ē).</summary>
    public InfluenceEncoderState Pretrain(TrainedBackbone model, Action<PretrainEpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var ds = model.Dataset;
        var original = BipartiteGraph.Build(ds.UserCount, ds.ItemCount, ds.Train);
        var test = BipartiteGraph.Build(ds.UserCount, ds.ItemCount, ds.Test);
        return Pretrain(Backbone.Create(model.Kind, model.Options), original, test, model.Ego, model.Final, progress, cancellationToken);
    }

    /// <summary>Pre-trains an encoder for <paramref name="backbone"/> trained on <paramref name="original"/>.</summary>
    /// <param name="backbone">The backbone (its loss is L_M).</param>
    /// <param name="original">Training graph of the model.</param>
    /// <param name="test">Test graph for the Recall guard (may have no edges: the guard then always passes).</param>
    /// <param name="ego">E0 (N×d).</param>
    /// <param name="final">Ē on <paramref name="original"/> (N×d).</param>
    /// <param name="progress">Called after every epoch (and once for the untrained encoder, epoch 0).</param>
    /// <param name="cancellationToken">Stops after the current step.</param>
    public InfluenceEncoderState Pretrain(Backbone backbone, BipartiteGraph original, BipartiteGraph test, float[] ego, float[] final, Action<PretrainEpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(ego);
        ArgumentNullException.ThrowIfNull(final);
        var o = _options;
        var nodes = original.NodeCount;
        var dim = backbone.Options.Dim;
        var layers = backbone.Options.Layers;
        if (ego.Length != (long)nodes * dim || final.Length != ego.Length)
        {
            throw new ArgumentException($"E0/Ē have {ego.Length}/{final.Length} values, expected {nodes}×{dim}");
        }

        if (original.EdgeCount < 4)
        {
            throw new ArgumentException("pre-training needs a training graph with at least 4 edges");
        }

        var wall = Stopwatch.StartNew();
        ComputeDevice.EnsureInitialised();
        torch.manual_seed(o.Seed);
        var random = new Random(o.Seed);
        var seed = (ulong)(uint)o.Seed;
        var edges = original.ToEdgeList();

        // the held-out simulated request: drawn once, never part of a training request
        var holdout = EdgeSets.Sample(edges, o.EffectiveHoldoutRatio, seed ^ 0x484F4C44UL);
        var holdoutKeys = holdout.ToKeySet();
        using var probe = new HoldoutProbe(backbone, original, test, holdout, o, _device);

        using var encoder = new InfluenceEncoder(InfluenceEncoderState.Initial(nodes, dim, layers, o), _device);
        encoder.SetPhase(EncoderPhase.Pretrain);
        using var optimizer = optim.Adam(encoder.TrainableParameters(), lr: o.LearningRate);
        using var egoT = TensorArrays.Copy(ego, [nodes, dim], _device);
        using var finalT = TensorArrays.Copy(final, [nodes, dim], _device);

        var (gap0, recall0) = probe.Evaluate(encoder, egoT, finalT);
        var best = encoder.ToState() with { SelectedEpoch = 0, HoldoutGap = gap0 };
        var bestGap = gap0;
        var recallFloor = o.RecallGuard * recall0;
        progress?.Invoke(new PretrainEpochReport(0, o.Epochs, 0, 0, 0, 0, 0, 0, 0, false, 0, gap0, recall0, true, wall.Elapsed.TotalSeconds));

        SimulatedRequest? request = null;
        try
        {
            for (var epoch = 1; epoch <= o.Epochs; epoch++)
            {
                var newRequest = request is null || (epoch - 1) % o.SimEpoch == 0;
                if (newRequest)
                {
                    request?.Dispose();
                    var sample = EdgeSets.Sample(edges, o.RhoPre, seed + (0x5349_4D00UL * (ulong)epoch), holdoutKeys);
                    request = new SimulatedRequest(original, sample, o, seed + (ulong)epoch, _device);
                }

                var r = request!;
                var epochWatch = Stopwatch.StartNew();
                r.Source.BeginEpoch(epoch);
                var steps = r.Source.BatchesPerEpoch;
                double total = 0, model = 0, unlearn = 0, preserve = 0, contrast = 0;
                for (var b = 0; b < steps; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    // the previous step's autograd graph is only freed by a collection (see AutogradMemory)
                    AutogradMemory.ReleaseFinishedGraphs();
                    using var scope = NewDisposeScope();
                    optimizer.zero_grad();
                    var batch = r.Source.Batch(b, _device);
                    var corrected = encoder.Forward(r.Idm, egoT, finalT);
                    var lm = backbone.Loss(r.Residual, corrected, batch, random);
                    var lu = UnlearningLosses.Unlearn(lm.Final, r.RequestUsers, r.RequestItems);
                    var lp = o.LambdaP > 0 ? UnlearningLosses.Preserve(lm.Final, finalT, batch, o.TauP) : zeros(1, device: _device).squeeze();
                    Tensor lc;
                    if (o.LambdaC > 0)
                    {
                        using var dropped = r.Idm.DropValues(o.ContrastKeep, random);
                        lc = UnlearningLosses.Contrastive(encoder.H0, r.Idm, dropped, r.Touched, batch, layers, o.TauC);
                    }
                    else
                    {
                        lc = zeros(1, device: _device).squeeze();
                    }

                    var loss = lm.Total + (lu * o.LambdaU) + (lp * o.LambdaP) + (lc * o.LambdaC);
                    loss.backward();
                    optimizer.step();
                    total += loss.item<float>();
                    model += lm.Total.item<float>();
                    unlearn += lu.item<float>();
                    preserve += lp.item<float>();
                    contrast += lc.item<float>();
                }

                var seconds = epochWatch.Elapsed.TotalSeconds;
                double? gap = null, recall = null;
                var isBest = false;
                if (epoch % o.SimEpoch == 0 || epoch == o.Epochs)
                {
                    var (g, rc) = probe.Evaluate(encoder, egoT, finalT);
                    gap = g;
                    recall = rc;
                    if (g > bestGap && rc >= recallFloor)
                    {
                        bestGap = g;
                        best = encoder.ToState() with { SelectedEpoch = epoch, HoldoutGap = g };
                        isBest = true;
                    }
                }

                var n = Math.Max(1, steps);
                progress?.Invoke(new PretrainEpochReport(epoch, o.Epochs, steps, total / n, model / n, unlearn / n, preserve / n, contrast / n,
                    r.RequestEdges, newRequest, seconds, gap, recall, isBest, wall.Elapsed.TotalSeconds));
            }
        }
        finally
        {
            request?.Dispose();
        }

        return best with { PretrainSeconds = wall.Elapsed.TotalSeconds };
    }

    /// <summary>One simulated request: Â_Δ, Â_r, the request's node tensors and a BPR source over E_r.</summary>
    private sealed class SimulatedRequest : IDisposable
    {
        public SimulatedRequest(BipartiteGraph original, EdgeList request, EncoderOptions options, ulong seed, Device device)
        {
            var idm = InfluenceDependencyMatrix.Build(original.UserCount, original.ItemCount, request);
            var residual = EdgeSets.Residual(original, request);
            Idm = new PropagationGraph(idm.Matrix, device);
            Residual = new PropagationGraph(residual.NormalizedAdjacency(), device);
            Source = new BprBatchSource(residual, options.BatchSize, options.MaxBatchesPerEpoch, seed);
            RequestEdges = idm.EdgeCount;
            (RequestUsers, RequestItems) = TensorArrays.EdgeNodes(idm.Graph.ToEdgeList(), original.UserCount, device);
            Touched = tensor(idm.Degrees.Select(d => d > 0).ToArray(), device: device);
        }

        public PropagationGraph Idm { get; }

        public PropagationGraph Residual { get; }

        public BprBatchSource Source { get; }

        public int RequestEdges { get; }

        public Tensor RequestUsers { get; }

        public Tensor RequestItems { get; }

        public Tensor Touched { get; }

        public void Dispose()
        {
            Idm.Dispose();
            Residual.Dispose();
            RequestUsers.Dispose();
            RequestItems.Dispose();
            Touched.Dispose();
        }
    }

    /// <summary>Zero-shot unlearning of the held-out request, scored by gap and residual-graph Recall@K.</summary>
    private sealed class HoldoutProbe : IDisposable
    {
        private readonly Backbone _backbone;
        private readonly PropagationGraph _idm;
        private readonly PropagationGraph _residual;
        private readonly RankingEvaluator _evaluator;
        private readonly EdgeList _request;
        private readonly EdgeList _negatives;
        private readonly int _dim;
        private readonly int _users;

        public HoldoutProbe(Backbone backbone, BipartiteGraph original, BipartiteGraph test, EdgeList request, EncoderOptions options, Device device)
        {
            _backbone = backbone;
            _request = request;
            _dim = backbone.Options.Dim;
            _users = original.UserCount;
            var idm = InfluenceDependencyMatrix.Build(original.UserCount, original.ItemCount, request);
            var residual = EdgeSets.Residual(original, request);
            _idm = new PropagationGraph(idm.Matrix, device);
            _residual = new PropagationGraph(residual.NormalizedAdjacency(), device);
            _evaluator = new RankingEvaluator(residual, test, options.TopK);
            // the negatives of MI-NG's first draw (same seed), so the held-out gap and the reported MI-NG are comparable
            _negatives = MembershipInference.SampleNegatives(original, request.Count, options.Seed);
        }

        public (double Gap, double Recall) Evaluate(InfluenceEncoder encoder, Tensor ego, Tensor final)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var corrected = encoder.Forward(_idm, ego, final);
            var after = _backbone.Forward(_residual, corrected);
            var values = TensorArrays.ToArray(after);
            var gap = MembershipRatios.MeanScore(values, _dim, _users, _negatives) - MembershipRatios.MeanScore(values, _dim, _users, _request);
            return (gap, _evaluator.Evaluate(after).Recall);
        }

        public void Dispose()
        {
            _idm.Dispose();
            _residual.Dispose();
        }
    }
}
