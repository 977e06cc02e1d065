using System.Globalization;
using System.Text.Json.Nodes;
using UnlearnRec.Client.Cli;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Diagnostics;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Bundles;
using UnlearnRec.Model.Influence;

namespace UnlearnRec.Client.Commands;

/// <summary><c>unlearnrec pretrain</c>: pre-trains the Influence Encoder of a trained bundle and stores it in the bundle.</summary>
public sealed class PretrainCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "pretrain";

    /// <inheritdoc />
    public string Summary => "pre-train the Influence Encoder of a trained model bundle on simulated unlearning requests";

    /// <inheritdoc />
    public string Usage => $"""
        usage: unlearnrec pretrain --bundle DIR [--out DIR2] [options]

        Pre-trains UnlearnRec's Influence Encoder (H⁰ and η; the MLP stays identity) for the bundle's model on
        simulated requests: every --sim-epoch epochs a random --rho-pre of the training edges is treated as forgotten,
        and each step minimises L_M + λ_u L_u + λ_p L_p + λ_c L_c (method.md §4). Checkpoint selection uses a
        held-out SIMULATED request (largest score gap mean(non-edge) − mean(request), zero-shot), among checkpoints
        whose held-out Recall stays above --recall-guard × the untrained encoder's (Recall on the test split: there
        is no validation split). The encoder and its settings are written into the bundle (in place unless --out);
        a previous encoder and its fine-tuned state are replaced. Progress goes to stderr.

          --bundle DIR           trained model bundle (from 'unlearnrec train')
          --out DIR2             write the result to another bundle directory instead of in place
        {InfluenceArguments.EncoderUsage}
          --device NAME          auto | cpu | cuda (default auto)
          --json                 print one JSON object with the run's figures as the last stdout line

        example: unlearnrec pretrain --bundle runs/ml1m-lightgcn --epochs 20 --max-batches 50
        """;

    /// <inheritdoc />
    public Task<int> RunAsync(CommandLineArguments args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var bundlePath = args.Required("bundle");
        var outPath = args.String("out") ?? bundlePath;
        var json = args.Flag("json");
        var options = InfluenceArguments.Encoder(args);
        var device = TrainCommand.ResolveDevice(args.String("device", "auto"));
        args.EnsureAllUsed();

        var bundle = ModelBundle.Load(bundlePath);
        var model = BackboneBundles.Read(bundle);
        var ds = model.Dataset;
        ConsoleOutput.Progress(string.Create(CultureInfo.InvariantCulture,
            $"model: {model.Kind.Name()} on {ds.Name} ({ds.UserCount} users, {ds.ItemCount} items, {ds.Train.Count} training edges), dim {model.Options.Dim}, {model.Options.Layers} layers"));
        ConsoleOutput.Progress(string.Create(CultureInfo.InvariantCulture,
            $"encoder: {options.Epochs} epochs × ≤{options.MaxBatchesPerEpoch} steps of {options.BatchSize}; ρ_pre {options.RhoPre:G3} redrawn every {options.SimEpoch} epochs; λ_u {options.LambdaU:G3} λ_p {options.LambdaP:G3} (τ_p {options.TauP:G3}) λ_c {options.LambdaC:G3} (τ_c {options.TauC:G3}); α {options.Alpha:G3}, slope {options.Slope:G3}, readout {(options.ReadoutLastOnly ? "last" : "sum")} on {device}"));

        var pretrainer = new InfluencePretrainer(options, device);
        var encoder = pretrainer.Pretrain(model, r => ConsoleOutput.Progress(InfluenceReports.Describe(r)), cancellationToken);
        var updated = InfluenceEncoderBundles.WithEncoder(bundle, encoder);
        updated.Save(outPath);

        ConsoleOutput.Result(string.Create(CultureInfo.InvariantCulture,
            $"pre-trained the Influence Encoder in {encoder.PretrainSeconds:F1} s; selected epoch {encoder.SelectedEpoch} (held-out gap {encoder.HoldoutGap:F4}); bundle {Path.GetFullPath(outPath)}"));
        if (json)
        {
            ConsoleOutput.Json(new JsonObject
            {
                ["model"] = model.Kind.Name(),
                ["dataset"] = ds.Name,
                ["nodes"] = encoder.Nodes,
                ["dim"] = encoder.Dim,
                ["layers"] = encoder.Layers,
                ["epochs"] = options.Epochs,
                ["max_batches"] = options.MaxBatchesPerEpoch,
                ["batch"] = options.BatchSize,
                ["rho_pre"] = options.RhoPre,
                ["lambda_u"] = options.LambdaU,
                ["lambda_p"] = options.LambdaP,
                ["lambda_c"] = options.LambdaC,
                ["tau_p"] = options.TauP,
                ["tau_c"] = options.TauC,
                ["selected_epoch"] = encoder.SelectedEpoch,
                ["holdout_gap"] = ConsoleOutput.Round(encoder.HoldoutGap),
                ["pretrain_seconds"] = ConsoleOutput.Round(encoder.PretrainSeconds, 3),
                ["peak_rss_mb"] = ConsoleOutput.Round(ProcessMemory.PeakRssMb(), 1),
                ["device"] = device.ToString(),
                ["bundle"] = Path.GetFullPath(outPath),
            });
        }

        return Task.FromResult(0);
    }
}
