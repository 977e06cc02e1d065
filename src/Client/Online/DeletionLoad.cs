using System.Collections.Concurrent;
using System.Globalization;
using UnlearnRec.Silo.Ingress;

namespace UnlearnRec.Client.Online;

/// <summary>
/// Offers deletion requests to an ingress at a fixed rate, then waits (bounded) until every accepted request is
/// applied or rejected, and reports acknowledgement and deletion-to-applied latencies (the latter as measured by the
/// ledgers, from receipt to applied).
/// </summary>
/// <remarks>
/// The ledgers remember only the latest completed requests (partitions × <c>HistoryCapacity</c>, 16,384 by default):
/// a load longer than that would find its oldest requests forgotten once it ends. Such loads collect the statuses
/// while they run (<see cref="CollectWhileRunningAbove"/>), every <see cref="CollectionInterval"/>, each request's
/// final status kept once seen.
/// </remarks>
public static class DeletionLoad
{
    /// <summary>Loads of more requests than this collect statuses while they run (half the default ledger memory).</summary>
    public const int CollectWhileRunningAbove = 8_000;

    /// <summary>How often a load that collects while it runs asks for the statuses of its unfinished requests.</summary>
    public static readonly TimeSpan CollectionInterval = TimeSpan.FromSeconds(2);

    /// <summary>Runs the load and collects the outcome (collecting while it runs when it is longer than <see cref="CollectWhileRunningAbove"/>).</summary>
    public static Task<DeletionLoadReport> RunAsync(
        IngressClient client,
        IReadOnlyList<DeletionRequestBody> requests,
        double ratePerSecond,
        int maxInFlight,
        TimeSpan completionTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return RunAsync(client, requests, ratePerSecond, maxInFlight, completionTimeout, requests.Count > CollectWhileRunningAbove ? CollectionInterval : null, cancellationToken);
    }

    /// <summary>
    /// Runs the load and collects the outcome; with <paramref name="collectEvery"/> it also asks for the statuses of the
    /// unfinished requests that often while the load runs.
    /// </summary>
    public static async Task<DeletionLoadReport> RunAsync(
        IngressClient client,
        IReadOnlyList<DeletionRequestBody> requests,
        double ratePerSecond,
        int maxInFlight,
        TimeSpan completionTimeout,
        TimeSpan? collectEvery,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(requests);
        var ids = requests.Select(r => r.RequestId!).ToArray();
        var final = new ConcurrentDictionary<string, DeletionStatusResponse>(StringComparer.Ordinal);
        var accepted = new bool[requests.Count];
        using var stopCollecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var collector = collectEvery is { } every ? CollectAsync(client, ids, accepted, final, every, stopCollecting.Token) : Task.CompletedTask;
        LoadRunResult submission;
        try
        {
            submission = await OpenLoopLoadGenerator.RunAsync(
                requests.Count,
                ratePerSecond,
                maxInFlight,
                async (i, ct) =>
                {
                    var ok = (await client.SubmitAsync(requests[i], ct).ConfigureAwait(false)).State != "rejected";
                    Volatile.Write(ref accepted[i], true);
                    return ok;
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stopCollecting.CancelAsync().ConfigureAwait(false);
            try
            {
                await collector.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopCollecting.IsCancellationRequested)
            {
                // the load ended: the rest is asked for below
            }
        }

        var deadline = DateTime.UtcNow + completionTimeout;
        DeletionStatusResponse[] statuses;
        while (true)
        {
            var unfinished = ids.Where(id => !final.ContainsKey(id)).ToArray();
            var latest = unfinished.Length == 0 ? [] : await client.QueryStatusesAsync(unfinished, cancellationToken).ConfigureAwait(false);
            Keep(final, latest);
            var open = latest.Count(s => s.State is "received" or "batched");
            statuses = [.. final.Values, .. latest.Where(s => !IsFinal(s))];
            if ((open == 0 && statuses.Length >= submission.Accepted) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }

        var applied = statuses.Where(s => s.State == "applied").ToArray();
        var span = applied.Length == 0
            ? TimeSpan.Zero
            : TimeSpan.FromMilliseconds(applied.Max(s => s.CompletedAtUnixMs) - statuses.Min(s => s.ReceivedAtUnixMs));
        return new DeletionLoadReport(
            submission,
            statuses,
            applied.Length,
            statuses.Count(s => s.State == "rejected"),
            requests.Count - applied.Length - statuses.Count(s => s.State == "rejected"),
            LatencySummary.Of(submission.AckLatenciesMs),
            LatencySummary.Of(applied.Select(s => s.LatencyMs)),
            span.TotalSeconds > 0 ? applied.Length / span.TotalSeconds : 0);
    }

    // While the load runs: every interval, the statuses of the accepted requests not yet seen applied or rejected.
    private static async Task CollectAsync(IngressClient client, string[] ids, bool[] accepted, ConcurrentDictionary<string, DeletionStatusResponse> final, TimeSpan every, CancellationToken cancellationToken)
    {
        var first = 0;
        while (true)
        {
            await Task.Delay(every, cancellationToken).ConfigureAwait(false);
            while (first < ids.Length && final.ContainsKey(ids[first]))
            {
                first++;
            }

            var unfinished = new List<string>();
            for (var i = first; i < ids.Length; i++)
            {
                if (Volatile.Read(ref accepted[i]) && !final.ContainsKey(ids[i]))
                {
                    unfinished.Add(ids[i]);
                }
            }

            try
            {
                Keep(final, await client.QueryStatusesAsync(unfinished, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is IngressException or HttpRequestException)
            {
                // a query that failed during the load is asked again at the next interval (or after the load)
            }
        }
    }

    private static void Keep(ConcurrentDictionary<string, DeletionStatusResponse> final, IEnumerable<DeletionStatusResponse> statuses)
    {
        foreach (var status in statuses.Where(IsFinal))
        {
            final[status.RequestId] = status;
        }
    }

    private static bool IsFinal(DeletionStatusResponse status) => status.State is "applied" or "rejected";

    /// <summary>Prints a report.</summary>
    public static void Print(DeletionLoadReport report, TextWriter writer, double offeredRate)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  offered        {report.Submission.Sent} requests at {offeredRate:F0}/s over {report.Submission.Elapsed.TotalSeconds:F1} s"));
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  outcome        {report.Applied} applied, {report.Rejected} rejected, {report.Pending} not completed"));
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  throughput     {report.AppliedPerSecond:F0} applied/s (first receipt to last applied)"));
        writer.WriteLine($"  ack (202)      {report.AckLatency}");
        writer.WriteLine($"  to applied     {report.AppliedLatency}");
    }
}
