using UnlearnRec.Client.Cli;
using UnlearnRec.Model.Influence;

namespace UnlearnRec.Client.Commands;

/// <summary>Reads the Influence Encoder and fine-tuning options shared by <c>pretrain</c> and <c>unlearn</c>.</summary>
public static class InfluenceArguments
{
    /// <summary>Usage lines of the encoder / pre-training options.</summary>
    public const string EncoderUsage = """
          --epochs N             pre-training epochs (default 20)
          --max-batches N        minibatches per epoch; every step propagates the whole graph (default 50)
          --batch N              BPR triples per step; L_p's in-batch softmax spans them (default 1024)
          --lr X                 Adam learning rate (default 0.001)
          --rho-pre X            fraction of training edges in each simulated request (default 0.1)
          --sim-epoch N          draw a new simulated request every N epochs (default 5)
          --lambda-u X           weight of the unlearning loss L_u (default 0.5)
          --lambda-p X           weight of the preservation loss L_p, a sum over the batch (default 0.02)
          --lambda-c X           weight of the contrastive loss L_c (default 0.001)
          --tau-p X              temperature of L_p (default 10)
          --tau-c X              temperature of L_c (default 1)
          --alpha X              withdraw scale α (default 0.1)
          --slope X              LeakyReLU negative slope of the MLP (default 0.99)
          --mlp-layers N         MLP layers, initialised to identity (default 2)
          --readout MODE         sum (H̄ = Σ_l Hˡ, default) | last (H̄ = Hᴸ)
          --eta-init X           initial withdraw weight η (default 0.002)
          --holdout-ratio X      held-out simulated request for checkpoint selection; 0 = rho-pre (default 0)
          --recall-guard X       eligible checkpoints keep this fraction of the untrained encoder's held-out
                                 Recall (default 0.9)
          --seed N               seed (default 42)
        """;

    /// <summary><see cref="EncoderUsage"/> with the trainer-like options renamed by <paramref name="prefix"/>.</summary>
    public static string EncoderUsageWithPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var text = EncoderUsage;
        foreach (var name in new[] { "epochs", "max-batches", "batch", "lr" })
        {
            text = text.Replace($"  --{name} ", $"  --{prefix}{name} ", StringComparison.Ordinal);
        }

        return text.Replace("\n      --seed N               seed (default 42)", "", StringComparison.Ordinal);
    }

    /// <summary>Usage lines of the fine-tuning options.</summary>
    public const string FineTuneUsage = """
          --finetune-epochs N    fine-tuning epochs after the zero-shot step; 0 = zero-shot only (default 5)
          --finetune-max-batches N  minibatches per fine-tuning epoch; 0 = all of E_r (default 40)
          --finetune-batch N     BPR triples per fine-tuning step (default 2048)
          --finetune-lr X        fine-tuning learning rate (default 0.003)
          --finetune-lambda-u X  L_u weight in fine-tuning (default 0.4)
          --finetune-lambda-p X  L_p weight in fine-tuning (default 0.01)
          --finetune-tau-p X     L_p temperature in fine-tuning (default 10)
          --no-early-stop        run every fine-tuning epoch (default: stop once MI-NG >= 1 and Recall >= 0.95 x
                                 the zero-shot Recall)
          --k N                  ranking cut-off K (default 20)
          --seed N               seed of batches and MI-NG's non-edge samples (default 42)
        """;

    /// <summary>Encoder options from the command line.</summary>
    /// <param name="args">Parsed options.</param>
    /// <param name="prefix">Prefix of the options that would collide with a trainer's (epochs, max-batches, batch, lr), e.g. "pretrain-" in <c>experiment</c>.</param>
    public static EncoderOptions Encoder(CommandLineArguments args, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(prefix);
        var d = new EncoderOptions();
        var options = new EncoderOptions
        {
            Epochs = args.Int(prefix + "epochs", d.Epochs, 0),
            MaxBatchesPerEpoch = args.Int(prefix + "max-batches", d.MaxBatchesPerEpoch, 1),
            BatchSize = args.Int(prefix + "batch", d.BatchSize, 1),
            LearningRate = args.Double(prefix + "lr", d.LearningRate, 1e-9, 10),
            RhoPre = args.Double("rho-pre", d.RhoPre, 1e-6, 0.99),
            SimEpoch = args.Int("sim-epoch", d.SimEpoch, 1),
            LambdaU = args.Double("lambda-u", d.LambdaU, 0),
            LambdaP = args.Double("lambda-p", d.LambdaP, 0),
            LambdaC = args.Double("lambda-c", d.LambdaC, 0),
            TauP = args.Double("tau-p", d.TauP, 1e-6),
            TauC = args.Double("tau-c", d.TauC, 1e-6),
            Alpha = args.Double("alpha", d.Alpha, 0),
            Slope = args.Double("slope", d.Slope, 0, 1),
            MlpLayers = args.Int("mlp-layers", d.MlpLayers, 0, 8),
            ReadoutLastOnly = args.Choice("readout", "sum", "sum", "last") == "last",
            EtaInit = args.Double("eta-init", d.EtaInit),
            HoldoutRatio = args.Double("holdout-ratio", d.HoldoutRatio, 0, 0.99),
            RecallGuard = args.Double("recall-guard", d.RecallGuard, 0, 1),
            Seed = args.Int("seed", d.Seed),
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

    /// <summary>Fine-tuning options from the command line.</summary>
    public static FineTuneOptions FineTune(CommandLineArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var d = new FineTuneOptions();
        var options = new FineTuneOptions
        {
            Epochs = args.Int("finetune-epochs", d.Epochs, 0),
            MaxBatchesPerEpoch = args.Int("finetune-max-batches", d.MaxBatchesPerEpoch, 0),
            BatchSize = args.Int("finetune-batch", d.BatchSize, 1),
            LearningRate = args.Double("finetune-lr", d.LearningRate, 1e-9, 10),
            LambdaU = args.Double("finetune-lambda-u", d.LambdaU, 0),
            LambdaP = args.Double("finetune-lambda-p", d.LambdaP, 0),
            TauP = args.Double("finetune-tau-p", d.TauP, 1e-6),
            EarlyStop = !args.Flag("no-early-stop"),
            TopK = args.Int("k", d.TopK, 1, 1000),
            Seed = args.Int("seed", d.Seed),
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
}
