using UnlearnRec.Client.Cli;
using UnlearnRec.Client.Online;

namespace UnlearnRec.Client.Commands;

/// <summary><c>unlearnrec export-served</c>: dumps what the grains serve, in the export format.</summary>
public sealed class ExportServedCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "export-served";

    /// <inheritdoc />
    public string Summary => "dump the served embeddings from the grains (users.tsv, items.tsv, forgotten.tsv)";

    /// <inheritdoc />
    public string Usage => $"""
        usage: unlearnrec export-served --out DIR

        Reads every user grain and item shard and writes, tab-separated:
          users.tsv      original user id, then the served final embedding (one row per user)
          items.tsv      original item id, then the served final embedding
          forgotten.tsv  header user<TAB>item, then every interaction forgotten so far

          --out DIR          output directory (created)
          --settle SECONDS   first wait up to this long for the engine's pending rows (the neighbourhood of recent
                             requests, sent in the background) to reach 0 (default 120; 0 = do not wait)
        {IngressConnection.Usage}
        """;

    /// <inheritdoc />
    public async Task<int> RunAsync(CommandLineArguments args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var output = args.Required("out");
        var settle = TimeSpan.FromSeconds(args.Double("settle", 120, 0, 86_400));
        using var client = IngressConnection.Create(args);
        args.EnsureAllUsed();
        if (settle > TimeSpan.Zero && !await client.WaitUntilSettledAsync(
                settle, (open, pending) => Console.Error.WriteLine($"export-served: waiting for {open} open requests and {pending} pending rows"), cancellationToken).ConfigureAwait(false))
        {
            Console.Error.WriteLine($"export-served: not settled after {settle.TotalSeconds:F0} s; exporting what is served now");
        }
        Directory.CreateDirectory(output);
        foreach (var part in new[] { "users.tsv", "items.tsv", "forgotten.tsv" })
        {
            var path = Path.Combine(output, part);
            await using (var file = File.Create(path))
            {
                await client.DownloadExportAsync(part, file, cancellationToken).ConfigureAwait(false);
            }

            var rows = File.ReadLines(path).Count();
            Console.WriteLine($"{path}: {rows} lines");
        }

        return 0;
    }
}
