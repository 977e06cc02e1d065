using System.Globalization;
using System.Text.Json;
using UnlearnRec.Client.Cli;
using UnlearnRec.Client.Online;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Silo.Ingress;

namespace UnlearnRec.Client.Commands;

/// <summary><c>unlearnrec loadtest</c>: open-loop deletion load against a running cluster.</summary>
public sealed class LoadTestCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "loadtest";

    /// <inheritdoc />
    public string Summary => "offer deletions at a fixed rate (open loop) and report deletion-to-applied latency";

    /// <inheritdoc />
    public string Usage => $"""
        usage: unlearnrec loadtest --bundle DIR [--rate 1000] [--duration 10 | --request FILE]

        Sends rate × duration requests, each forgetting one distinct training interaction of the served bundle, on a
        fixed schedule (request i is due at i/rate s whether or not earlier ones finished), then waits until all are
        applied and prints acknowledgement and deletion-to-applied percentiles (ledger receipt to applied). With
        --request the interactions of that file are sent instead (one request per line, in file order, at --rate),
        e.g. to replay an offline experiment's request through the cluster and audit the served model afterwards.
        The ledgers remember only the latest completed requests (partitions × HistoryCapacity, 16,384 by default), so
        a load of more than {DeletionLoad.CollectWhileRunningAbove} requests also asks for its unfinished requests' statuses every {DeletionLoad.CollectionInterval.TotalSeconds:F0} s while it runs.

          --bundle DIR       the bundle the cluster serves (interactions to delete are drawn from it)
          --rate N           requests per second (default 1000)
          --duration S       seconds of load (default 10)
          --request FILE     send these interactions (lines user<TAB>item, original ids, optional header)
          --max-in-flight N  outstanding HTTP requests at most (default 256)
          --timeout S        how long to wait for completion after the load (default 120)
          --seed N           which interactions (default: from the clock)
          --json             print the summary as JSON
          --statuses FILE    also write every request's final status as TSV (request, partition, state, engine
                             version, received and completed Unix ms, to-applied ms), e.g. to see when the tail happened
        {IngressConnection.Usage}
        """;

    /// <inheritdoc />
    public async Task<int> RunAsync(CommandLineArguments args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var bundle = ModelBundle.Load(args.Required("bundle"), verifyChecksums: false);
        var rate = args.Double("rate", 1000, 1, 100_000);
        var duration = args.Double("duration", 10, 0.1, 3600);
        var maxInFlight = args.Int("max-in-flight", 256, 1, 10_000);
        var timeout = TimeSpan.FromSeconds(args.Int("timeout", 120, 1, 3600));
        var seed = args.Int("seed", Environment.TickCount);
        var requestFile = args.String("request");
        if (requestFile is not null && args.Has("duration"))
        {
            throw new CliUsageException("give --duration or --request, not both (a request file sets the count)");
        }

        var json = args.Flag("json");
        var statusFile = args.String("statuses");
        using var client = IngressConnection.Create(args, maxInFlight);
        args.EnsureAllUsed();

        List<(long User, long Item)> edges;
        int count;
        if (requestFile is not null)
        {
            edges = TrainingEdgeSampler.ReadRequestFile(bundle, requestFile);
            count = edges.Count;
        }
        else
        {
            count = (int)Math.Round(rate * duration);
            edges = TrainingEdgeSampler.Sample(bundle, count, seed);
            if (edges.Count < count)
            {
                throw new UserFacingException($"the bundle has only {edges.Count} interactions; lower --rate or --duration");
            }
        }

        var prefix = "lt-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + seed.ToString("x", CultureInfo.InvariantCulture);
        var requests = edges.Select((e, i) => new DeletionRequestBody { RequestId = $"{prefix}-{i}", User = e.User, Items = [e.Item] }).ToList();
        if (!json)
        {
            Console.WriteLine($"offering {count} deletions at {rate:F0}/s to {client.BaseAddress} …");
        }

        var report = await DeletionLoad.RunAsync(client, requests, rate, maxInFlight, timeout, cancellationToken).ConfigureAwait(false);
        if (statusFile is not null)
        {
            await WriteStatusesAsync(statusFile, report.Statuses, cancellationToken).ConfigureAwait(false);
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                offered = count,
                rate,
                report.Applied,
                report.Rejected,
                report.Pending,
                report.AppliedPerSecond,
                ack = report.AckLatency,
                toApplied = report.AppliedLatency,
            }));
        }
        else
        {
            DeletionLoad.Print(report, Console.Out, rate);
        }

        return report.Pending == 0 ? 0 : 1;
    }

    private static async Task WriteStatusesAsync(string path, DeletionStatusResponse[] statuses, CancellationToken cancellationToken)
    {
        var lines = new List<string>(statuses.Length + 1) { "request\tpartition\tstate\tengine_version\treceived_unix_ms\tcompleted_unix_ms\tto_applied_ms" };
        lines.AddRange(statuses
            .OrderBy(s => s.ReceivedAtUnixMs)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.RequestId}\t{s.Partition}\t{s.State}\t{s.EngineVersion}\t{s.ReceivedAtUnixMs}\t{s.CompletedAtUnixMs}\t{s.LatencyMs:F1}")));
        await File.WriteAllLinesAsync(path, lines, cancellationToken).ConfigureAwait(false);
    }
}
