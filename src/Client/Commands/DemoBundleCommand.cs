using System.Diagnostics;
using UnlearnRec.Client.Cli;
using UnlearnRec.Model.Engine;

namespace UnlearnRec.Client.Commands;

/// <summary><c>unlearnrec demo-bundle</c>: writes a small untrained bundle for the local cluster and load tests.</summary>
public sealed class DemoBundleCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "demo-bundle";

    /// <inheritdoc />
    public string Summary => "write an untrained synthetic model bundle (for the local cluster and load tests)";

    /// <inheritdoc />
    public string Usage => """
        usage: unlearnrec demo-bundle --out DIR [options]

        Writes a model bundle over a synthetic, popularity-skewed interaction graph with random ego embeddings and their
        exact final embeddings. It has the shape of a trained bundle (the silo serves it the same way) but carries no
        learned signal: use it to run the online system before or without the offline trainer.

          --out DIR          bundle directory to write (replaced if it exists)
          --users N          users (default 2000)
          --items N          items (default 1000)
          --per-user N       interactions per user (default 40)
          --dim N            embedding width (default 64)
          --layers N         propagation layers (default 3)
          --model NAME       lightgcn | sgl | simgcl (default lightgcn)
          --seed N           random seed (default 7)
        """;

    /// <inheritdoc />
    public Task<int> RunAsync(CommandLineArguments args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var output = args.Required("out");
        var spec = new SyntheticBundleSpec
        {
            Users = args.Int("users", 2000, 1, 10_000_000),
            Items = args.Int("items", 1000, 1, 10_000_000),
            InteractionsPerUser = args.Int("per-user", 40, 1, 100_000),
            Dim = args.Int("dim", 64, 1, 4096),
            Layers = args.Int("layers", 3, 0, 16),
            Model = args.Choice("model", "lightgcn", "lightgcn", "sgl", "simgcl"),
            Seed = args.Int("seed", 7),
        };
        args.EnsureAllUsed();
        var started = Stopwatch.GetTimestamp();
        var bundle = UntrainedBundleFactory.Synthetic(spec);
        bundle.Save(output);
        var edges = bundle.Manifest.Files["train_edges"].Shape[0];
        Console.WriteLine($"wrote {Path.GetFullPath(output)}: {spec.Model}, {spec.Users} users, {spec.Items} items, {edges} interactions, dim {spec.Dim} (untrained) in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        return Task.FromResult(0);
    }
}
