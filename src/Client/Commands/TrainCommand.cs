using System.Diagnostics;
using System.Text.Json.Nodes;
using UnlearnRec.Client.Cli;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Diagnostics;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Bundles;
using UnlearnRec.Model.Torch;
using UnlearnRec.Model.Training;

namespace UnlearnRec.Client.Commands;

/// <summary><c>unlearnrec train</c>: trains a backbone and writes a model bundle.</summary>
public sealed class TrainCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "train";

    /// <inheritdoc />
    public string Summary => "train LightGCN / SGL / SimGCL on a data set and write a model bundle";

    /// <inheritdoc />
    public string Usage => $"""
        usage: unlearnrec train --data SPEC --out BUNDLE_DIR [options]

        Trains a graph recommender with BPR and Adam, evaluates full-ranking Recall@K / NDCG@K every few epochs
        (training items masked), keeps the best checkpoint and writes a model bundle. Progress goes to stderr.

        {ModelArguments.DataUsage}
          --out DIR              bundle directory to write (replaced if it exists)
        {ModelArguments.ModelUsage}
          --json                 print one JSON object with the run's figures as the last stdout line

        example: unlearnrec train --data ../shared/data/ml-1m --model lightgcn --epochs 30 --out runs/ml1m-lightgcn
        """;

    /// <inheritdoc />
    public Task<int> RunAsync(CommandLineArguments args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var outDir = args.Required("out");
        var json = args.Flag("json");
        var kind = ModelArguments.Kind(args);
        var backboneOptions = ModelArguments.Backbone(args);
        var trainerOptions = ModelArguments.Trainer(args);
        var deviceName = args.String("device", "auto");
        var dataSpec = args.Required("data");
        var splitSeed = args.Int("split-seed", 42);
        args.EnsureAllUsed();

        var device = ResolveDevice(deviceName);
        var loadWatch = Stopwatch.StartNew();
        var dataset = DatasetLoader.Load(dataSpec, new DatasetLoadOptions { Seed = splitSeed });
        ConsoleOutput.Progress($"data: {dataset.Name}: {dataset.UserCount} users, {dataset.ItemCount} items, {dataset.Train.Count} train / {dataset.Test.Count} test interactions ({dataset.Report.SplitDescription}; {dataset.Report.TrainDuplicatesDropped + dataset.Report.TestDuplicatesDropped} duplicates dropped) in {loadWatch.Elapsed.TotalSeconds:F1} s");
        var backbone = Backbone.Create(kind, backboneOptions);
        ConsoleOutput.Progress($"model: {kind.Name()} dim {backboneOptions.Dim}, {backboneOptions.Layers} layers, reg {backboneOptions.RegFor(kind):G3}; batch {trainerOptions.BatchSize}, lr {trainerOptions.LearningRate:G3}, up to {trainerOptions.Epochs} epochs on {device}");

        var train = Core.Graphs.BipartiteGraph.Build(dataset.UserCount, dataset.ItemCount, dataset.Train);
        var test = Core.Graphs.BipartiteGraph.Build(dataset.UserCount, dataset.ItemCount, dataset.Test);
        var trainer = new BackboneTrainer(backbone, trainerOptions, device);
        var result = trainer.Train(train, test, r => ConsoleOutput.Progress(ModelArguments.Describe(r, trainerOptions.TopK)), cancellationToken);

        var fingerprint = DatasetLoader.Fingerprint(dataset);
        var bundle = BackboneBundles.Create(dataset, backbone, trainerOptions, result, fingerprint);
        bundle.Save(outDir);
        var m = result.Metrics;
        ConsoleOutput.Result($"trained {kind.Name()} on {dataset.Name}: recall@{m.K} {m.Recall:F4}, ndcg@{m.K} {m.Ndcg:F4} (epoch {result.BestEpoch} of {result.EpochsRun}{(result.StoppedEarly ? ", stopped early" : "")}); {result.TrainSeconds:F1} s training, median epoch {result.EpochSecondsMedian:F2} s, median step {result.StepMsMedian:F1} ms; bundle {Path.GetFullPath(outDir)}");
        if (json)
        {
            ConsoleOutput.Json(new JsonObject
            {
                ["model"] = kind.Name(),
                ["dataset"] = dataset.Name,
                ["users"] = dataset.UserCount,
                ["items"] = dataset.ItemCount,
                ["train_edges"] = dataset.Train.Count,
                ["test_edges"] = dataset.Test.Count,
                ["dim"] = backboneOptions.Dim,
                ["layers"] = backboneOptions.Layers,
                ["epochs"] = result.EpochsRun,
                ["best_epoch"] = result.BestEpoch,
                ["batch"] = trainerOptions.BatchSize,
                ["lr"] = trainerOptions.LearningRate,
                ["reg"] = backboneOptions.RegFor(kind),
                [$"recall@{m.K}"] = ConsoleOutput.Round(m.Recall),
                [$"ndcg@{m.K}"] = ConsoleOutput.Round(m.Ndcg),
                ["train_seconds"] = ConsoleOutput.Round(result.TrainSeconds, 3),
                ["wall_seconds"] = ConsoleOutput.Round(result.WallSeconds, 3),
                ["epoch_seconds_median"] = ConsoleOutput.Round(result.EpochSecondsMedian, 3),
                ["step_ms_median"] = ConsoleOutput.Round(result.StepMsMedian, 2),
                ["steps_per_epoch"] = result.BatchesPerEpoch,
                ["peak_rss_mb"] = ConsoleOutput.Round(ProcessMemory.PeakRssMb(), 1),
                ["device"] = device.ToString(),
                ["bundle"] = Path.GetFullPath(outDir),
            });
        }

        return Task.FromResult(0);
    }

    /// <summary>Resolves --device, turning an unusable choice into a usage error.</summary>
    internal static TorchSharp.torch.Device ResolveDevice(string? name)
    {
        try
        {
            return ComputeDevice.Resolve(name);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(e.Message);
        }
    }
}
