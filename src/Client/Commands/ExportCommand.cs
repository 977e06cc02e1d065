using System.Globalization;
using System.Text.Json.Nodes;
using UnlearnRec.Client.Cli;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Model.Influence;

namespace UnlearnRec.Client.Commands;

/// <summary><c>unlearnrec export</c>: writes a bundle's served embeddings and forgotten set as TSV files.</summary>
public sealed class ExportCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "export";

    /// <inheritdoc />
    public string Summary => "write a bundle's served user/item embeddings and forgotten interactions as TSV for audits";

    /// <inheritdoc />
    public string Usage => """
        usage: unlearnrec export --bundle DIR --out DIR2 [--json]

        Writes three UTF-8 files into DIR2 (created if needed, files replaced):
          users.tsv      one line per user, NO header: original user id, then the d embedding values
          items.tsv      one line per item, NO header: original item id, then the d embedding values
          forgotten.tsv  header line 'user<TAB>item', then one forgotten interaction per line (original ids);
                         the same format 'unlearnrec unlearn --request' reads
        Fields are tab-separated; numbers use the invariant culture and the shortest round-trip float format, so
        parsing them as float32 gives back the bundle's values exactly. The embeddings are the served final
        embeddings: the unlearned ones when the bundle has unlearned anything, else the original model's. A user's
        score for an item is the dot product of their rows.

          --bundle DIR           model bundle
          --out DIR2             output directory
          --json                 print one JSON object with the figures as the last stdout line

        example: unlearnrec export --bundle runs/ml1m-lightgcn --out audit/
        """;

    /// <inheritdoc />
    public Task<int> RunAsync(CommandLineArguments args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var bundlePath = args.Required("bundle");
        var outDir = args.Required("out");
        var json = args.Flag("json");
        args.EnsureAllUsed();
        var bundle = ModelBundle.Load(bundlePath);
        (bool Unlearned, int Forgotten) summary;
        try
        {
            summary = BundleExport.Write(bundle, outDir);
        }
        catch (IOException e)
        {
            throw new UserFacingException($"cannot write to '{outDir}': {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UserFacingException($"cannot write to '{outDir}': {e.Message}", e);
        }

        var m = bundle.Manifest;
        var full = Path.GetFullPath(outDir);
        ConsoleOutput.Result(string.Create(CultureInfo.InvariantCulture,
            $"exported {m.Users} users and {m.Items} items ({(summary.Unlearned ? "unlearned" : "original")} final embeddings, dim {m.Dim}) and {summary.Forgotten} forgotten interactions to {full}"));
        if (json)
        {
            ConsoleOutput.Json(new JsonObject
            {
                ["users"] = m.Users,
                ["items"] = m.Items,
                ["dim"] = m.Dim,
                ["embeddings"] = summary.Unlearned ? "unlearned" : "original",
                ["forgotten"] = summary.Forgotten,
                ["directory"] = full,
            });
        }

        return Task.FromResult(0);
    }
}
