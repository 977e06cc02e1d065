using System.Globalization;
using UnlearnRec.Silo.Ingress;

namespace UnlearnRec.Client.Online;

/// <summary>
/// Offers deletion requests to an ingress at a fixed rate, then waits (bounded) until every accepted request is
/// applied or rejected, and reports acknowledgement and deletion-to-applied latencies (the latter as measured by the
/// ledgers, from receipt to applied).
/// </summary>
public static class DeletionLoad
{
    /// <summary>Runs the load and collects the outcome.</summary>
    public static async Task<DeletionLoadReport> RunAsync(
        IngressClient client,
        IReadOnlyList<DeletionRequestBody> requests,
        double ratePerSecond,
        int maxInFlight,
        TimeSpan completionTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(requests);
        var submission = await OpenLoopLoadGenerator.RunAsync(
            requests.Count,
            ratePerSecond,
            maxInFlight,
            async (i, ct) => (await client.SubmitAsync(requests[i], ct).ConfigureAwait(false)).State != "rejected",
            cancellationToken).ConfigureAwait(false);

        var ids = requests.Select(r => r.RequestId!).ToArray();
        var deadline = DateTime.UtcNow + completionTimeout;
        DeletionStatusResponse[] statuses;
        while (true)
        {
            statuses = await client.QueryStatusesAsync(ids, cancellationToken).ConfigureAwait(false);
            var open = statuses.Count(s => s.State is "received" or "batched");
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
