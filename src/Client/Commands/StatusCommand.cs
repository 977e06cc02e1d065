using System.Globalization;
using UnlearnRec.Client.Cli;
using UnlearnRec.Client.Online;
using UnlearnRec.Silo.Ingress;

namespace UnlearnRec.Client.Commands;

/// <summary><c>unlearnrec status</c>: a request's state, or the engine and ledgers.</summary>
public sealed class StatusCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "status";

    /// <inheritdoc />
    public string Summary => "state of a deletion request (--id), or of the engine and the deletion ledgers";

    /// <inheritdoc />
    public string Usage => $"""
        usage: unlearnrec status [--id REQUEST_ID]

        With --id: received / batched / applied (engine version, milliseconds from receipt) / rejected (reason).
        Without: the served model and engine version, forgotten interactions, and each partition's ledger.

          --id ID            a request id
        {IngressConnection.Usage}
        """;

    /// <inheritdoc />
    public async Task<int> RunAsync(CommandLineArguments args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var id = args.String("id");
        using var client = IngressConnection.Create(args);
        args.EnsureAllUsed();
        if (id is not null)
        {
            var status = await client.GetStatusAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new UserFacingException($"request '{id}' is unknown");
            PrintRequest(status);
            return 0;
        }

        var cluster = await client.ClusterStatusAsync(cancellationToken).ConfigureAwait(false);
        if (cluster.Engine is { } e)
        {
            Console.WriteLine($"model          {e.Model} on {e.Dataset}: {e.Users} users, {e.Items} items, dim {e.Dim}");
            Console.WriteLine($"engine         version {e.Version} (checkpoint {e.CheckpointVersion}) on {e.Silo}, device {e.Device}, seeded {e.Seeded}");
            Console.WriteLine($"pending rows   {e.PendingRows}{(e.PendingRows > 0 ? " (neighbourhood rows still being sent)" : "")}");
            var ratio = e.TrainEdges == 0 ? 0 : (double)e.ForgottenEdges / e.TrainEdges;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"forgotten      {e.ForgottenEdges} of {e.TrainEdges} interactions ({ratio:P2}){(e.RetrainAdvised ? "  — beyond what the corrector was built for: retrain advised" : "")}"));
        }
        else
        {
            Console.WriteLine($"engine         unavailable: {cluster.EngineError}");
        }

        Console.WriteLine($"answered by    {cluster.AnsweredBy}");
        Console.WriteLine("partition  received  batched  completed  next-batch  last-version");
        foreach (var p in cluster.Partitions)
        {
            Console.WriteLine($"{p.Partition,9}  {p.Received,8}  {p.Batched,7}  {p.Completed,9}  {p.NextBatchSequence,10}  {p.LastEngineVersion,12}");
        }

        return 0;
    }

    /// <summary>Prints one request's status.</summary>
    internal static void PrintRequest(DeletionStatusResponse status)
    {
        var line = status.State switch
        {
            "applied" => string.Create(CultureInfo.InvariantCulture, $"applied at engine version {status.EngineVersion}, {status.LatencyMs:F1} ms after receipt, {status.EdgesRemoved} interactions removed"),
            "rejected" => $"rejected: {status.Error}",
            _ => status.State,
        };
        Console.WriteLine($"{status.RequestId}: {line} (scope {status.Scope}, partition {status.Partition}, content hash {status.ContentHash})");
    }
}
