using UnlearnRec.Client.Cli;
using UnlearnRec.Core.Data;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Training;

namespace UnlearnRec.Client.Commands;

/// <summary>
/// Reads the options shared by commands that load data and train a backbone (train, experiment, demo), so their
/// names, defaults and validation are identical everywhere.
/// </summary>
public static class ModelArguments
{
    /// <summary>Usage lines for the data options.</summary>
    public const string DataUsage = """
          --data SPEC            split directory (train.tsv/test.tsv[.gz]), raw ratings (ratings.dat, u.data,
                                 ratings.tsv[.gz]) or synthetic:users=U,items=I,interactions=N,seed=S
          --split-seed N         seed of the per-user 80/20 split of raw ratings (default 42)
        """;

    /// <summary>Usage lines for backbone and trainer options.</summary>
    public const string ModelUsage = """
          --model NAME           lightgcn | sgl | simgcl (default lightgcn)
          --dim N                embedding width (default 64)
          --layers N             propagation layers (default 3)
          --batch N              BPR triples per step (default 4096)
          --lr X                 Adam learning rate (default 0.001)
          --reg X                L2 weight λ_reg (default 1e-7 for every model)
          --epochs N             maximum epochs (default 200)
          --eval-every N         evaluate Recall/NDCG every N epochs (default 3)
          --patience N           stop after N evaluations without Recall improvement; 0 = never (default 5)
          --max-batches N        cap on minibatches per epoch (default 2500, the authors' cap)
          --time-budget MIN      stop after the epoch that crosses MIN minutes (default: none)
          --seed N               seed of init, shuffling, negatives and views (default 42)
          --init SPEC            xavier | normal:STD (default xavier)
          --ssl-weight X         SGL λ_ssl / SimGCL λ_cl (default 0.01)
          --temperature X        InfoNCE τ (default 0.1)
          --edge-keep X          SGL edge keep probability (default 0.8)
          --noise-eps X          SimGCL noise ε (default 0.2)
          --k N                  ranking cut-off K (default 20)
          --device NAME          auto | cpu | cuda (default auto)
        """;

    /// <summary>Loads the data set named by --data (required unless <paramref name="defaultSpec"/> is given).</summary>
    public static InteractionDataset LoadData(CommandLineArguments args, string? defaultSpec = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var spec = args.String("data", defaultSpec) ?? throw new CliUsageException("--data is required");
        var seed = args.Int("split-seed", 42);
        return DatasetLoader.Load(spec, new DatasetLoadOptions { Seed = seed });
    }

    /// <summary>Backbone kind from --model.</summary>
    public static BackboneKind Kind(CommandLineArguments args, string defaultModel = "lightgcn")
    {
        ArgumentNullException.ThrowIfNull(args);
        return BackboneKinds.Parse(args.Choice("model", defaultModel, [.. BackboneKinds.Names]));
    }

    /// <summary>Backbone hyper-parameters from the command line.</summary>
    public static BackboneOptions Backbone(CommandLineArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var d = new BackboneOptions();
        var options = new BackboneOptions
        {
            Dim = args.Int("dim", d.Dim, 1, 4096),
            Layers = args.Int("layers", d.Layers, 0, 16),
            Reg = args.Has("reg") ? args.Double("reg", 0, 0) : null,
            ContrastiveWeight = args.Double("ssl-weight", d.ContrastiveWeight, 0),
            Temperature = args.Double("temperature", d.Temperature, 1e-6),
            EdgeKeep = args.Double("edge-keep", d.EdgeKeep, 1e-6, 1),
            NoiseEpsilon = args.Double("noise-eps", d.NoiseEpsilon, 0),
        };
        return options;
    }

    /// <summary>Trainer options from the command line.</summary>
    public static TrainerOptions Trainer(CommandLineArguments args, TrainerOptions? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var d = defaults ?? new TrainerOptions();
        var options = d with
        {
            Epochs = args.Int("epochs", d.Epochs, 1),
            BatchSize = args.Int("batch", d.BatchSize, 1),
            LearningRate = args.Double("lr", d.LearningRate, 1e-9, 10),
            Seed = args.Int("seed", d.Seed),
            EvalEvery = args.Int("eval-every", d.EvalEvery, 0),
            Patience = args.Int("patience", d.Patience, 0),
            MaxBatchesPerEpoch = args.Int("max-batches", d.MaxBatchesPerEpoch, 1),
            TopK = args.Int("k", d.TopK, 1, 1000),
            Init = args.String("init", d.Init)!,
            TimeBudgetSeconds = args.Double("time-budget", d.TimeBudgetSeconds / 60.0, 0) * 60.0,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(e.Message);
        }

        return options;
    }

    /// <summary>A one-line rendering of an epoch report for progress output.</summary>
    public static string Describe(EpochReport r, int k = 20)
    {
        ArgumentNullException.ThrowIfNull(r);
        var eval = r.Recall is { } rc ? $"  recall@{k} {rc:F4}  ndcg@{k} {r.Ndcg:F4}{(r.IsBest ? "  *best" : "")}" : "";
        return $"epoch {r.Epoch,4}/{r.Epochs}  loss {r.Loss:F4}  {r.Seconds,6:F2} s  step {r.StepMsMedian,6:F1} ms  elapsed {r.ElapsedSeconds,7:F1} s{eval}";
    }
}
