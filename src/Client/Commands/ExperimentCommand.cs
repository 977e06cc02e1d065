using System.Diagnostics;
using UnlearnRec.Client.Cli;
using UnlearnRec.Core.Data;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Baselines;
using UnlearnRec.Model.Experiments;
using UnlearnRec.Model.Training;

namespace UnlearnRec.Client.Commands;

/// <summary>
/// <c>unlearnrec experiment</c>: the comparison of method.md §6 — builds an adversarial or random request, trains the
/// original model, runs every unlearning method and writes the table, JSON and score figure.
/// </summary>
public sealed class ExperimentCommand : ICliCommand
{
    /// <summary>
    /// Trainer defaults of the experiment: the authors' settings except a shorter schedule (at most 30 epochs, batch
    /// 8192, evaluation every 3 epochs, patience 2) so a CPU run on ML-1M, which trains the backbone several times
    /// (clean, original, Retrain, shards), takes tens of minutes rather than hours. Every value can be overridden.
    /// </summary>
    public static TrainerOptions DefaultTrainer { get; } = new() { Epochs = 30, BatchSize = 8192, EvalEvery = 3, Patience = 2 };

    /// <summary>
    /// Trainer defaults for the contrastive backbones (SGL, SimGCL): batch 2048 (the authors' setting) and at most 10
    /// epochs, evaluated every 2. Why: their in-batch InfoNCE costs O(batch²) — on ML-1M an SGL step takes 0.2 s at
    /// batch 2048 but 1.4 s at 8192 — and the contrastive term makes them converge in fewer epochs than LightGCN.
    /// </summary>
    public static TrainerOptions DefaultContrastiveTrainer { get; } = new() { Epochs = 10, BatchSize = 2048, EvalEvery = 2, Patience = 2 };

    /// <summary>The experiment's trainer defaults for a backbone.</summary>
    public static TrainerOptions DefaultTrainerFor(BackboneKind kind) => kind == BackboneKind.LightGcn ? DefaultTrainer : DefaultContrastiveTrainer;

    /// <inheritdoc />
    public string Name => "experiment";

    /// <inheritdoc />
    public string Summary => "compare unlearning methods (adversarial or random requests): utility, MI-BF/MI-NG, time, memory";

    /// <inheritdoc />
    public string Usage => $"""
        usage: unlearnrec experiment --data SPEC --protocol adversarial|random [options]

        Runs the evaluation protocol of method.md §6. adversarial: trains a clean model, injects for a fraction r of
        users (items) the item (user) it scores lowest, trains the original model on the attacked graph and unlearns
        the injected edges (Retrain = the clean graph). random: trains on the real graph and unlearns a random
        fraction of its edges. Rows: original, retrain, {(ExperimentMethods.UnlearnRecMethods.Count > 0 ? string.Join(", ", ExperimentMethods.UnlearnRecMethods) + ", " : "")}then the requested baselines.
        Each row: Recall@K / NDCG@K (residual training items masked), MI-BF / MI-NG (σ-score ratios; and with a
        trained membership-inference attacker), unlearning seconds, preparation seconds, peak RSS.
        Progress goes to stderr.

        {ModelArguments.DataUsage}
          --protocol NAME        adversarial | random (default adversarial)
          --ratio X              adversarial: fraction r of users and items attacked (default 1);
                                 random: fraction of training edges requested (default 0.003)
          --sequential T         split the request into T parts unlearned one after another (default 1)
          --baselines LIST       comma-separated: {string.Join(", ", ExperimentMethods.Baselines)}
                                 (default {string.Join(",", ExperimentMethods.DefaultBaselines)}; retrain always runs)
          --attack-epochs N      epoch cap of the clean model that crafts the attack (default: --epochs)
          --shards N             partition: number of shards (default 8)
          --shard-epochs N       partition: epoch cap per shard model (default: --epochs)
          --if-iterations N      influence-function: conjugate-gradient iterations (default 50)
          --if-damping X         influence-function: damping relative to the mean curvature (default 10)
          --if-curvature NAME    influence-function: gauss-newton | hessian (default gauss-newton)
          --if-scale X           influence-function: Newton step multiplier (default 1)
          --if-request-only      influence-function: right-hand side = the request's own loss terms only, without
                                 GIF's effect of the graph change on the other terms
          --negative-draws N     random-negative draws averaged for MI-NG (default 5)
          --no-attacker          skip the trained membership-inference attacker
          --out DIR              write results.md, results.json and scores.png here
          --save-original DIR    also save the original model as DIR/bundle with DIR/request.tsv and DIR/train.tsv
                                 (original ids), to replay the request through the online system
          --json                 print one JSON object with the rows as the last stdout line
        {ModelArguments.ModelUsage}
        UnlearnRec: Influence Encoder pre-training (once per model) and fine-tuning
        {InfluenceArguments.EncoderUsageWithPrefix("pretrain-")}
        {InfluenceArguments.FineTuneUsage}
        Experiment defaults differ from `train`: lightgcn --epochs 30 --batch 8192 --eval-every 3 --patience 2;
        sgl and simgcl --epochs 10 --batch 2048 --eval-every 2 --patience 2 (their InfoNCE costs grow with batch²).

        example: unlearnrec experiment --data ../shared/data/ml-1m --model lightgcn --protocol adversarial --epochs 12 --out runs/exp-ml1m --json
        """;

    /// <inheritdoc />
    public Task<int> RunAsync(CommandLineArguments args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var json = args.Flag("json");
        var outDir = args.String("out");
        var saveOriginal = args.String("save-original");
        var protocol = args.Choice("protocol", "adversarial", "adversarial", "random") == "random" ? ExperimentProtocol.Random : ExperimentProtocol.Adversarial;
        var kind = ModelArguments.Kind(args);
        var backbone = ModelArguments.Backbone(args);
        var trainer = ModelArguments.Trainer(args, DefaultTrainerFor(kind));
        double? ratio = args.Has("ratio") ? args.Double("ratio", 0, 1e-9, 1) : null;
        var sequential = args.Int("sequential", 1, 1, 1000);
        var baselines = ParseBaselines(args.String("baselines"));
        int? attackEpochs = args.Has("attack-epochs") ? args.Int("attack-epochs", 1, 1) : null;
        var shards = args.Int("shards", 8, 1, 256);
        int? shardEpochs = args.Has("shard-epochs") ? args.Int("shard-epochs", 1, 1) : null;
        var ifDefaults = new InfluenceFunctionOptions();
        var influence = ifDefaults with
        {
            Iterations = args.Int("if-iterations", ifDefaults.Iterations, 1, 10_000),
            Damping = args.Double("if-damping", ifDefaults.Damping, 0),
            StepScale = args.Double("if-scale", ifDefaults.StepScale, 1e-9),
            NeighbourEffect = !args.Flag("if-request-only"),
            Curvature = args.Choice("if-curvature", "gauss-newton", "gauss-newton", "hessian") == "hessian" ? InfluenceCurvature.Hessian : InfluenceCurvature.GaussNewton,
            Seed = trainer.Seed,
        };
        var negativeDraws = args.Int("negative-draws", 5, 1, 100);
        var attacker = !args.Flag("no-attacker");
        var deviceName = args.String("device", "auto");
        var dataSpec = args.Required("data");
        var splitSeed = args.Int("split-seed", 42);
        var encoder = InfluenceArguments.Encoder(args, "pretrain-");
        var fineTune = InfluenceArguments.FineTune(args);
        args.EnsureAllUsed();

        var options = new ExperimentOptions
        {
            Kind = kind,
            Backbone = backbone,
            Trainer = trainer,
            AttackEpochs = attackEpochs,
            Protocol = protocol,
            Ratio = ratio,
            Sequential = sequential,
            Seed = trainer.Seed,
            NegativeDraws = negativeDraws,
            Attacker = attacker,
            SaveOriginalTo = saveOriginal,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(e.Message);
        }

        var methodOptions = new ExperimentMethodOptions
        {
            Partition = new PartitionOptions { Shards = shards, Epochs = shardEpochs, Seed = trainer.Seed },
            InfluenceFunction = influence,
            Encoder = encoder,
            FineTune = fineTune,
        };
        var methods = ExperimentMethods.CreateAll(ExperimentMethods.Plan(baselines), methodOptions);

        var device = TrainCommand.ResolveDevice(deviceName);
        var watch = Stopwatch.StartNew();
        var dataset = DatasetLoader.Load(dataSpec, new DatasetLoadOptions { Seed = splitSeed });
        ConsoleOutput.Progress($"data: {dataset.Name}: {dataset.UserCount} users, {dataset.ItemCount} items, {dataset.Train.Count} train / {dataset.Test.Count} test interactions");
        ConsoleOutput.Progress($"experiment: {kind.Name()}, {protocol.ToString().ToLowerInvariant()} protocol, ratio {options.EffectiveRatio:G4}, methods {string.Join(", ", methods.Select(m => m.Name))} on {device}");
        var report = new ExperimentRunner(options, device, ConsoleOutput.Progress).Run(dataset, methods, cancellationToken);
        if (outDir is not null)
        {
            report.WriteTo(outDir);
        }

        ConsoleOutput.Result(report.ToMarkdown().TrimEnd());
        ConsoleOutput.Progress($"experiment finished in {watch.Elapsed.TotalMinutes:F1} min{(outDir is null ? "" : $"; results in {Path.GetFullPath(outDir)}")}");
        if (json)
        {
            ConsoleOutput.Json(report.ToJson());
        }

        return Task.FromResult(0);
    }

    private static List<string> ParseBaselines(string? spec)
    {
        if (spec is null)
        {
            return [.. ExperimentMethods.DefaultBaselines];
        }

        var names = spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).ToList();
        var unknown = names.Where(n => !ExperimentMethods.Baselines.Contains(n) && !ExperimentMethods.UnlearnRecMethods.Contains(n)).ToList();
        return unknown.Count > 0
            ? throw new CliUsageException($"unknown baseline{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)} (known: {string.Join(", ", ExperimentMethods.Baselines)})")
            : names;
    }
}
