using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UnlearnRec.Grains.Diagnostics;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Grains.Options;

namespace UnlearnRec.Silo.Hosting;

/// <summary>
/// On every silo, once it has started: activates every deletion partition (reading its ledger and history, registering
/// its reminder) and exercises this silo's path to them, then raises <see cref="ServingReadiness.PartitionsWarm"/>,
/// which readiness waits for (retrying until it succeeds); then sends the influence grain one empty batch, so the
/// path a partition's batches take from this silo is warm too.
/// </summary>
/// <remarks>
/// Without it the first load after a start paid for all of that on its requests: at 1,000 deletions/s on ml-1m the
/// requests of its first 1.5 s waited up to 1.3 s (to-applied p99 1.2 s over the load), against 0.16 s for a first
/// load whose partitions were already active (docs/online.md §9). Activation is cluster-wide and idempotent, so every
/// silo doing it is harmless: the first one activates, the others only warm their own call path.
/// </remarks>
public sealed class DeletionPartitionWarmUpService(
    IHostApplicationLifetime lifetime,
    IGrainFactory grainFactory,
    IOptions<ServingTopologyOptions> topology,
    ServingReadiness readiness,
    ILogger<DeletionPartitionWarmUpService> logger) : BackgroundService
{
    // not a deletion partition: the influence grain only logs the sender of a batch
    private const int WarmUpPartition = -1;
    private static readonly TimeSpan InfluenceWarmUpTimeout = TimeSpan.FromSeconds(120);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // grain calls need the silo to be running: wait until every hosted service (the silo among them) has started
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var partitions = topology.Value.DeletionPartitions;
        await StartupRetry.UntilDoneAsync(
            async token =>
            {
                var timer = Stopwatch.GetTimestamp();
                await Task.WhenAll(Enumerable.Range(0, partitions)
                    .Select(p => grainFactory.GetGrain<IDeletionPartitionGrain>(p).GetSummaryAsync()))
                    .WaitAsync(token).ConfigureAwait(false);
                readiness.MarkPartitionsWarm();
                SiloLogMessages.PartitionsWarm(logger, partitions, Stopwatch.GetElapsedTime(timer).TotalMilliseconds);
            },
            // typically the storage is not reachable yet: without a ledger no deletion can be accepted anyway
            (e, delay) => SiloLogMessages.PartitionWarmUpRetry(logger, e, delay.TotalSeconds),
            stoppingToken).ConfigureAwait(false);
        if (readiness.PartitionsWarm)
        {
            await WarmInfluencePathAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    // Best effort, after readiness (a cpu silo must not wait for the gpu silo to become ready): the first batch a silo
    // sends to the influence grain also paid for compiling that call path on both ends, ~0.1 s on the local cluster. An
    // empty batch takes the same path and changes nothing (for the engine it is a flush with nothing to flush). It
    // waits until the gpu silo serves; without a gpu silo in the cluster it fails at once and is skipped.
    private async Task WarmInfluencePathAsync(CancellationToken stoppingToken)
    {
        try
        {
            await grainFactory.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary)
                .ApplyBatchAsync(new InfluenceBatch(WarmUpPartition, 0, []))
                .WaitAsync(InfluenceWarmUpTimeout, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            SiloLogMessages.InfluenceWarmUpSkipped(logger, e.Message);
        }
    }
}
