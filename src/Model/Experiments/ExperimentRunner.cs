using System.Diagnostics;
using System.Globalization;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Diagnostics;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Metrics;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Bundles;
using UnlearnRec.Model.Evaluation;
using UnlearnRec.Model.Influence;
using UnlearnRec.Model.Training;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Experiments;

/// <summary>
/// Runs the evaluation protocol of method.md §6: builds the request (adversarial injection or random sample), trains the
/// original model, then for every method prepares once and unlearns (each step of a sequential request), and measures
/// utility (Recall/NDCG@K with the residual graph's items masked), forgetting (σ-ratio MI-BF / MI-NG and the trained
/// attacker's variants), time and peak memory. Everything runs on the calling thread.
/// </summary>
public sealed class ExperimentRunner
{
    /// <summary>Row name of the model before unlearning.</summary>
    public const string OriginalRow = "original";

    private readonly ExperimentOptions _options;
    private readonly Device _device;
    private readonly Action<string> _progress;

    /// <summary>Creates a runner.</summary>
    public ExperimentRunner(ExperimentOptions options, Device device, Action<string>? progress = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _device = device ?? throw new ArgumentNullException(nameof(device));
        _options.Validate();
        _progress = progress ?? (_ => { });
    }

    /// <summary>Runs the experiment on <paramref name="dataset"/> with <paramref name="methods"/> (one row each, in order).</summary>
    public ExperimentReport Run(InteractionDataset dataset, IReadOnlyList<IUnlearningMethod> methods, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(methods);
        var duplicate = methods.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1 || g.Key == OriginalRow);
        if (duplicate is not null)
        {
            throw new ArgumentException($"method name '{duplicate.Key}' is used twice or is reserved");
        }

        var o = _options;
        var users = dataset.UserCount;
        var items = dataset.ItemCount;
        var clean = BipartiteGraph.Build(users, items, dataset.Train);
        var test = BipartiteGraph.Build(users, items, dataset.Test);
        var backbone = Backbone.Create(o.Kind, o.Backbone);
        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{o.Kind.Name()}: dim {o.Backbone.Dim}, {o.Backbone.Layers} layers, reg {o.Backbone.RegFor(o.Kind):G3}; batch {o.Trainer.BatchSize}, lr {o.Trainer.LearningRate:G3}, up to {o.Trainer.Epochs} epochs, evaluation every {o.Trainer.EvalEvery}, patience {o.Trainer.Patience}; seed {o.Seed}"),
        };

        // 1. the graph the original model is trained on, and the request
        BipartiteGraph originalGraph;
        EdgeList request;
        int picks = 0;
        double? cleanRecall = null;
        if (o.Protocol == ExperimentProtocol.Adversarial)
        {
            _progress($"training the clean model that crafts the attack ({clean.EdgeCount} edges)");
            var cleanOptions = o.AttackEpochs is { } ae ? o.Trainer with { Epochs = ae } : o.Trainer;
            var cleanResult = new BackboneTrainer(backbone, cleanOptions, _device).Train(clean, test, r => _progress("  clean " + Describe(r)), cancellationToken);
            cleanRecall = cleanResult.Metrics.Recall;
            var injection = AdversarialAttack.Inject(clean, cleanResult.Final, o.EffectiveRatio, o.Seed);
            originalGraph = injection.Attacked;
            request = injection.Injected;
            picks = injection.PicksBeforeDedupe;
            _progress($"injected {request.Count} least-related edges ({picks} picks before de-duplication); attacked graph {originalGraph.EdgeCount} edges");
        }
        else
        {
            originalGraph = clean;
            request = RandomRequest.Sample(clean, o.EffectiveRatio, o.Seed);
            _progress($"random request: {request.Count} of {clean.EdgeCount} training edges");
        }

        // 2. the original model
        _progress($"training the original model ({originalGraph.EdgeCount} edges)");
        ResetPeak();
        var originalResult = new BackboneTrainer(backbone, o.Trainer, _device).Train(originalGraph, test, r => _progress("  original " + Describe(r)), cancellationToken);
        var originalPeak = ProcessMemory.PeakRssMb();
        var originalDataset = dataset.WithTrain(originalGraph.ToEdgeList());
        var originalBundle = BackboneBundles.Create(originalDataset, backbone, o.Trainer, originalResult, DatasetLoader.Fingerprint(originalDataset));
        var model = BackboneBundles.Read(originalBundle);
        if (o.SaveOriginalTo is { } saveTo)
        {
            SaveOriginal(originalBundle, originalDataset, request, saveTo);
            _progress($"saved the original model, its request and training edges to {Path.GetFullPath(saveTo)}");
        }

        // 3. fixed samples shared by every row: negatives (never edges of the original graph), positives, attacker
        var negativeDraws = Enumerable.Range(0, o.NegativeDraws)
            .Select(d => MembershipInference.SampleNegatives(originalGraph, request.Count, IntSeed(o.Seed, 100 + d)))
            .ToArray();
        var fullResidual = EdgeSets.Residual(originalGraph, request);
        var positives = EdgeSets.SampleEdges(fullResidual, o.PositiveSamples, Seed(o.Seed, 200));
        var attacker = o.Attacker ? TrainAttacker(model.Final, originalGraph, users, items) : null;
        var before = new ModelScores(model.Final, users, items);
        var parts = RequestSchedule.Split(request, o.Sequential, o.Seed);

        // 4. the original row (before unlearning, its own graph's items masked)
        var rowFactory = new RowFactory(before, negativeDraws, positives, attacker, users, items);
        var originalRow = rowFactory.Row(OriginalRow, model.Final, request, originalResult.Metrics, originalResult.WallSeconds, originalPeak)
            with { Extra = new Dictionary<string, double> { ["epochs_run"] = originalResult.EpochsRun, ["best_epoch"] = originalResult.BestEpoch } };
        _progress(Summary(originalRow));

        // 5. prepare every method once, on the first step's task
        var firstTask = BuildTask(model, originalGraph, parts, 0, test);
        var prepared = new List<(IUnlearningMethod Method, double Seconds, double Peak)>();
        foreach (var method in methods)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ResetPeak();
            _progress($"{method.Name}: preparing");
            var watch = Stopwatch.StartNew();
            method.Prepare(firstTask);
            // the runner's own clock, so every row's preparation is measured the same way (methods report theirs too)
            var seconds = watch.Elapsed.TotalSeconds;
            prepared.Add((method, seconds, ProcessMemory.PeakRssMb()));
            if (seconds > 0.05)
            {
                _progress($"{method.Name}: prepared in {seconds:F1} s");
            }
        }

        // 6. unlearn step by step
        var steps = new List<ExperimentStep>();
        var distributions = new Dictionary<string, ScoreDistribution>(StringComparer.Ordinal)
        {
            [OriginalRow] = rowFactory.Distribution(model.Final, request),
        };
        for (var step = 0; step < parts.Count; step++)
        {
            var task = step == 0 ? firstTask : BuildTask(model, originalGraph, parts, step, test);
            if (parts.Count > 1)
            {
                _progress($"step {step + 1}/{parts.Count}: forgetting {task.Request.Count} edges (+{task.Increment!.Count})");
            }

            var evaluator = new RankingEvaluator(task.Residual, test, o.Trainer.TopK);
            var rows = new List<ExperimentRow>();
            foreach (var (method, prepareSeconds, preparePeak) in prepared)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ResetPeak();
                _progress($"{method.Name}: unlearning {task.Request.Count} edges");
                var outcome = method.Unlearn(task, cancellationToken);
                var peak = Math.Max(outcome.PeakRssMb, ProcessMemory.PeakRssMb());
                var metrics = Evaluate(evaluator, outcome.Final, users + items);
                var row = rowFactory.Row(method.Name, outcome.Final, task.Request, metrics, outcome.Seconds, peak) with
                {
                    PrepareSeconds = prepareSeconds,
                    PreparePeakRssMb = preparePeak,
                    Extra = outcome.Extra,
                };
                rows.Add(row);
                _progress(Summary(row));
                if (step == parts.Count - 1)
                {
                    distributions[method.Name] = rowFactory.Distribution(outcome.Final, task.Request);
                }
            }

            steps.Add(new ExperimentStep(step + 1, task.Request.Count, task.Increment!.Count, rows));
        }

        if (o.Attacker)
        {
            notes.Add($"attacker: MLP 2-{new MembershipAttackerOptions().HiddenUnits}-1 (tanh) on [1-σ(s), σ(s)] of the original model's scores, members = its training edges, non-members = random non-edges");
        }

        notes.Add($"MI-NG negatives: {o.NegativeDraws} draws of |request| uniform non-edges of the original training graph; positives for the score statistics: {positives.Count} residual training edges");
        return new ExperimentReport
        {
            Dataset = dataset.Name,
            Model = o.Kind.Name(),
            Protocol = o.Protocol,
            Ratio = o.EffectiveRatio,
            Users = users,
            Items = items,
            CleanEdges = clean.EdgeCount,
            OriginalEdges = originalGraph.EdgeCount,
            TestEdges = test.EdgeCount,
            RequestEdges = request.Count,
            PicksBeforeDedupe = picks,
            K = o.Trainer.TopK,
            Sequential = parts.Count,
            CleanRecall = cleanRecall,
            Rows = [originalRow, .. steps[^1].Rows],
            Steps = parts.Count > 1 ? steps : [],
            Distributions = distributions,
            Notes = notes,
        };
    }

    private static void SaveOriginal(ModelBundle bundle, InteractionDataset dataset, EdgeList request, string directory)
    {
        Directory.CreateDirectory(directory);
        bundle.Save(Path.Combine(directory, "bundle"));
        BundleExport.WriteInteractions(Path.Combine(directory, "request.tsv"), request, dataset.Users.OriginalIds, dataset.Items.OriginalIds);
        BundleExport.WriteInteractions(Path.Combine(directory, "train.tsv"), dataset.Train, dataset.Users.OriginalIds, dataset.Items.OriginalIds);
    }

    private UnlearningTask BuildTask(TrainedBackbone model, BipartiteGraph original, IReadOnlyList<EdgeList> parts, int step, BipartiteGraph test)
    {
        var request = RequestSchedule.Cumulative(parts, step);
        return new UnlearningTask
        {
            Model = model,
            Original = original,
            Request = request,
            Increment = parts[step],
            Residual = EdgeSets.Residual(original, request),
            Test = test,
            Trainer = _options.Trainer,
            Device = _device,
            Seed = _options.Seed,
            Progress = _progress,
        };
    }

    private static RankingResult Evaluate(RankingEvaluator evaluator, float[] final, int nodes)
    {
        if (final.Length % nodes != 0)
        {
            throw new InvalidOperationException($"a method served {final.Length} values, not a multiple of {nodes} nodes");
        }

        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            return evaluator.Evaluate(tensor(final, [nodes, final.Length / nodes]));
        }
    }

    private MembershipAttacker TrainAttacker(float[] final, BipartiteGraph graph, int users, int items)
    {
        var members = EdgeSets.SampleEdges(graph, _options.AttackerSamples, Seed(_options.Seed, 300));
        var nonMembers = MembershipInference.SampleNegatives(graph, members.Count, IntSeed(_options.Seed, 301));
        // AttackerSamples alone sizes the training set, so lift the attacker's own per-class cap to it
        var options = new MembershipAttackerOptions { Seed = _options.Seed, MaxSamplesPerClass = Math.Max(1, members.Count) };
        return MembershipAttacker.Train(Scores(final, users, items, members), Scores(final, users, items, nonMembers), options);
    }

    /// <summary>
    /// Dot-product scores of <paramref name="pairs"/> under served embeddings, N×D row-major. D is taken from the array
    /// length because it is the model's d for most methods but a multiple of it for the partition baseline, which
    /// serves its shards' embeddings side by side (so the dot product sums the shards' scores).
    /// </summary>
    private static double[] Scores(float[] final, int users, int items, EdgeList pairs)
    {
        var nodes = users + items;
        if (nodes == 0 || final.Length == 0 || final.Length % nodes != 0)
        {
            throw new InvalidOperationException($"a method served {final.Length} values, not a multiple of {nodes} nodes");
        }

        return MembershipInference.Scores(final, users, final.Length / nodes, pairs);
    }

    private static void ResetPeak()
    {
        // freed tensors are released by finalizers; collect first so the reset starts from the live set
        GC.Collect();
        GC.WaitForPendingFinalizers();
        ProcessMemory.TryResetPeak();
    }

    private static ulong Seed(int seed, int stream) => unchecked(((ulong)seed * 0x9E3779B97F4A7C15UL) + (ulong)stream);

    /// <summary>An int seed for samplers that take one: the high half of <see cref="Seed"/>, which the multiply mixes best.</summary>
    private static int IntSeed(int seed, int stream) => unchecked((int)(Seed(seed, stream) >> 32));

    private static string Describe(EpochReport r) =>
        $"epoch {r.Epoch}/{r.Epochs} loss {r.Loss:F4} {r.Seconds:F1} s" + (r.Recall is { } rc ? $" recall {rc:F4}{(r.IsBest ? " *" : "")}" : "");

    private static string Summary(ExperimentRow r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Method}: recall {r.Recall:F4} ndcg {r.Ndcg:F4} MI-BF {r.MiBf:F4} MI-NG {r.MiNg:F4}{(double.IsNaN(r.MiBfAttacker) ? "" : $" (attacker {r.MiBfAttacker:F4} / {r.MiNgAttacker:F4})")} scores forgotten {r.RequestScoreMean:F3} positives {r.PositiveScoreMean:F3} negatives {r.NegativeScoreMean:F3}; {r.Seconds:F1} s, peak {r.PeakRssMb:F0} MB");

    /// <summary>Scores of the original model, the "before" side of MI-BF.</summary>
    private sealed record ModelScores(float[] Final, int Users, int Items);

    /// <summary>Computes a row's forgetting metrics from the shared samples.</summary>
    private sealed class RowFactory(ModelScores before, EdgeList[] negativeDraws, EdgeList positives, MembershipAttacker? attacker, int users, int items)
    {
        public ExperimentRow Row(string method, float[] final, EdgeList request, RankingResult metrics, double seconds, double peak)
        {
            var after = Score(final, request);
            var beforeScores = Score(before.Final, request);
            // the first |request| of each draw: in a sequential run the request grows, the draws are made for the full one
            var negatives = negativeDraws.Select(d => Score(final, Prefix(d, request.Count))).ToArray();
            var positiveScores = Score(final, positives);
            // an empty request (a tiny adversarial ratio can pick nothing) has no membership ratios: NaN, not a failure
            double miBf = double.NaN, miNg = double.NaN, miBfAttacker = double.NaN, miNgAttacker = double.NaN;
            if (request.Count > 0)
            {
                miBf = MembershipInference.MiBf(beforeScores, after);
                // MI-NG per draw, then the mean: the denominator is shared, so this is the mean numerator over it
                miNg = negatives.Average(n => MembershipInference.MiNg(n, after));
                if (attacker is not null)
                {
                    miBfAttacker = attacker.MiBf(beforeScores, after);
                    miNgAttacker = negatives.Average(n => attacker.MiNg(n, after));
                }
            }

            return new ExperimentRow
            {
                Method = method,
                Recall = metrics.Recall,
                Ndcg = metrics.Ndcg,
                MiBf = miBf,
                MiNg = miNg,
                MiBfAttacker = miBfAttacker,
                MiNgAttacker = miNgAttacker,
                Seconds = seconds,
                PeakRssMb = peak,
                RequestScoreMean = Mean(after),
                PositiveScoreMean = Mean(positiveScores),
                NegativeScoreMean = negatives.Average(Mean),
                Width = final.Length / (users + items),
            };
        }

        public ScoreDistribution Distribution(float[] final, EdgeList request) => new(
            Score(final, request),
            Score(final, positives),
            Score(final, Prefix(negativeDraws[0], request.Count)));

        private double[] Score(float[] final, EdgeList pairs) => Scores(final, users, items, pairs);

        private static EdgeList Prefix(EdgeList edges, int count) =>
            count >= edges.Count ? edges : new EdgeList(edges.Users[..count], edges.Items[..count]);

        private static double Mean(double[] values) => values.Length == 0 ? double.NaN : values.Average();
    }
}
