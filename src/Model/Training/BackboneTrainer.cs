using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Evaluation;
using UnlearnRec.Model.Torch;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Training;

/// <summary>
/// Trains a backbone with Adam on BPR minibatches, evaluates every few epochs and keeps the checkpoint with the best
/// Recall@K (method.md §2). The same routine (same options, same stopping rule) is used for the original model and
/// for the Retrain baseline, so their times compare honestly. All tensor work happens on the calling thread.
/// </summary>
public sealed class BackboneTrainer
{
    private readonly Backbone _backbone;
    private readonly TrainerOptions _options;
    private readonly Device _device;

    /// <summary>Creates a trainer.</summary>
    public BackboneTrainer(Backbone backbone, TrainerOptions options, Device device)
    {
        _backbone = backbone ?? throw new ArgumentNullException(nameof(backbone));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _device = device ?? throw new ArgumentNullException(nameof(device));
        options.Validate();
    }

    /// <summary>Initial E0 (N×d) per <see cref="TrainerOptions.Init"/>: Xavier-uniform with bound √(6/(N+d)) or N(0, σ²).</summary>
    public static Tensor InitialEgo(int nodes, int dim, string init, Device device)
    {
        ArgumentNullException.ThrowIfNull(init);
        if (init.StartsWith("normal:", StringComparison.Ordinal))
        {
            var std = double.Parse(init[7..], CultureInfo.InvariantCulture);
            return (randn(nodes, dim, device: device) * std).detach_();
        }

        var bound = Math.Sqrt(6.0 / (nodes + dim));
        return ((rand(nodes, dim, device: device) * 2 - 1) * bound).detach_();
    }

    /// <summary>
    /// Trains on <paramref name="train"/> and evaluates on <paramref name="test"/>.
    /// </summary>
    /// <param name="train">Training graph (the residual graph for Retrain).</param>
    /// <param name="test">Test graph.</param>
    /// <param name="progress">Called after every epoch (on this thread).</param>
    /// <param name="cancellationToken">Stops after the current batch.</param>
    public TrainingResult Train(BipartiteGraph train, BipartiteGraph test, Action<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var nodes = train.NodeCount;
        var dim = _backbone.Options.Dim;
        torch.manual_seed(_options.Seed);
        var random = new Random(_options.Seed);
        using var graph = new PropagationGraph(train.NormalizedAdjacency(), _device);
        var source = new BprBatchSource(train, _options.BatchSize, _options.MaxBatchesPerEpoch, (ulong)_options.Seed);
        var evaluator = new RankingEvaluator(train, test, _options.TopK);

        using var ego = new TorchSharp.Modules.Parameter(InitialEgo(nodes, dim, _options.Init, _device), requires_grad: true);
        using var optimizer = optim.Adam([ego], lr: _options.LearningRate);

        var wall = Stopwatch.StartNew();
        var stepTimes = new List<double>();
        var epochTimes = new List<double>();
        var history = new List<EpochReport>();
        float[]? bestEgo = null;
        RankingResult? best = null;
        var bestEpoch = 0;
        var sinceImprovement = 0;
        var trainSeconds = 0.0;
        var stoppedEarly = false;
        var epoch = 0;
        while (epoch < _options.Epochs)
        {
            epoch++;
            var epochWatch = Stopwatch.StartNew();
            source.BeginEpoch(epoch);
            double lossSum = 0;
            var batches = source.BatchesPerEpoch;
            var epochSteps = new List<double>(batches);
            for (var b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var stepWatch = Stopwatch.StartNew();
                using (var scope = NewDisposeScope())
                {
                    optimizer.zero_grad();
                    var batch = source.Batch(b, _device);
                    var loss = _backbone.Loss(graph, ego, batch, random);
                    loss.Total.backward();
                    optimizer.step();
                    lossSum += loss.Total.item<float>();
                }

                AutogradMemory.ReleaseFinishedGraphs();

                epochSteps.Add(stepWatch.Elapsed.TotalMilliseconds);
            }

            var epochSeconds = epochWatch.Elapsed.TotalSeconds;
            trainSeconds += epochSeconds;
            epochTimes.Add(epochSeconds);
            stepTimes.AddRange(epochSteps);
            var lastEpoch = epoch == _options.Epochs || (_options.TimeBudgetSeconds > 0 && wall.Elapsed.TotalSeconds >= _options.TimeBudgetSeconds);
            double? recall = null, ndcg = null;
            var isBest = false;
            if ((_options.EvalEvery > 0 && epoch % _options.EvalEvery == 0) || lastEpoch)
            {
                var metrics = EvaluateEgo(graph, ego, evaluator);
                recall = metrics.Recall;
                ndcg = metrics.Ndcg;
                if (best is null || metrics.Recall > best.Recall)
                {
                    best = metrics;
                    bestEgo = ToArray(ego);
                    bestEpoch = epoch;
                    sinceImprovement = 0;
                    isBest = true;
                }
                else
                {
                    sinceImprovement++;
                }
            }

            var report = new EpochReport(epoch, _options.Epochs, lossSum / Math.Max(1, batches), epochSeconds, Median(epochSteps), recall, ndcg, isBest, wall.Elapsed.TotalSeconds);
            history.Add(report);
            progress?.Invoke(report);
            if (lastEpoch)
            {
                break;
            }

            if (_options.Patience > 0 && sinceImprovement >= _options.Patience)
            {
                stoppedEarly = true;
                break;
            }
        }

        var selected = bestEgo ?? ToArray(ego);
        float[] final;
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var e = tensor(selected, [nodes, dim], device: _device);
            final = ToArray(_backbone.Forward(graph, e));
        }

        return new TrainingResult
        {
            Ego = selected,
            Final = final,
            Metrics = best ?? EvaluateEgo(graph, ego, evaluator),
            EpochsRun = epoch,
            BestEpoch = bestEpoch,
            TrainSeconds = trainSeconds,
            WallSeconds = wall.Elapsed.TotalSeconds,
            EpochSecondsMedian = Median(epochTimes),
            StepMsMedian = Median(stepTimes),
            BatchesPerEpoch = source.BatchesPerEpoch,
            History = history,
            StoppedEarly = stoppedEarly,
        };
    }

    private RankingResult EvaluateEgo(PropagationGraph graph, Tensor ego, RankingEvaluator evaluator)
    {
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            return evaluator.Evaluate(_backbone.Forward(graph, ego));
        }
    }

    /// <summary>Copies a tensor to a new managed array (row-major).</summary>
    internal static float[] ToArray(Tensor t)
    {
        using var cpu = t.detach().cpu().contiguous();
        return cpu.data<float>().ToArray();
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
