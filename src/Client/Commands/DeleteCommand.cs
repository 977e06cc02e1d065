using UnlearnRec.Client.Cli;
using UnlearnRec.Client.Online;
using UnlearnRec.Silo.Ingress;

namespace UnlearnRec.Client.Commands;

/// <summary><c>unlearnrec delete</c>: submits one deletion request to the ingress.</summary>
public sealed class DeleteCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "delete";

    /// <inheritdoc />
    public string Summary => "ask the online system to forget interactions (a user's items, a whole user, or an item)";

    /// <inheritdoc />
    public string Usage => $"""
        usage: unlearnrec delete --user U --items I1,I2,...   [options]
               unlearnrec delete --scope user --user U        [options]
               unlearnrec delete --scope item --item I        [options]

        Records the request durably in its partition's ledger (answer: received) and, with --wait, waits until the
        served embeddings reflect it (applied, with the engine version and the time from receipt).

          --id ID            request id (deduplication key; default: a new random id)
          --scope S          interactions (default) | user | item
          --wait             wait until applied or rejected
          --timeout SECONDS  how long --wait waits (default 60)
        {IngressConnection.Usage}
        """;

    /// <inheritdoc />
    public async Task<int> RunAsync(CommandLineArguments args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var scope = args.Choice("scope", "interactions", "interactions", "user", "item");
        long? user = null;
        long? item = null;
        long[]? items = null;
        if (scope == "item")
        {
            item = RequiredId(args, "item");
        }
        else
        {
            user = RequiredId(args, "user");
            items = scope == "interactions" ? ParseIds(args.Required("items")) : null;
        }

        var body = new DeletionRequestBody
        {
            RequestId = args.String("id") ?? "cli-" + Guid.NewGuid().ToString("N"),
            Scope = scope,
            User = user,
            Items = items,
            Item = item,
        };
        var wait = args.Flag("wait");
        var timeout = TimeSpan.FromSeconds(args.Int("timeout", 60, 1, 3600));
        using var client = IngressConnection.Create(args);
        args.EnsureAllUsed();

        var accepted = await client.SubmitAsync(body, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"{accepted.RequestId}: {accepted.State}{(accepted.Duplicate ? " (duplicate: already known)" : "")}, partition {accepted.Partition}");
        if (!wait)
        {
            return 0;
        }

        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await client.GetStatusAsync(accepted.RequestId, cancellationToken).ConfigureAwait(false);
            if (status is { State: "applied" or "rejected" })
            {
                StatusCommand.PrintRequest(status);
                return status.State == "applied" ? 0 : 1;
            }

            if (DateTime.UtcNow > deadline)
            {
                Console.Error.WriteLine($"{accepted.RequestId}: still {status?.State ?? "unknown"} after {timeout.TotalSeconds:F0} s (it stays recorded and will be applied)");
                return 1;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private static long RequiredId(CommandLineArguments args, string name)
    {
        var value = args.Long(name, long.MinValue);
        return value == long.MinValue ? throw new CliUsageException($"--{name} is required") : value;
    }

    private static long[] ParseIds(string text)
    {
        try
        {
            return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture))
                .ToArray();
        }
        catch (FormatException)
        {
            throw new CliUsageException($"--items must be comma-separated integers (got '{text}')");
        }
    }
}
