using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnlearnRec.Grains.Influence;
using UnlearnRec.Grains.Interfaces;

namespace UnlearnRec.Silo.Hosting;

/// <summary>
/// On a gpu-role silo: once the engine is loaded, activates the influence grain so it restores its checkpoint and
/// seeds the serving grains (a no-op when they already serve this model), retrying until it succeeds.
/// </summary>
public sealed class InfluenceSeedingService(
    IInfluenceEngineHost engineHost,
    IGrainFactory grainFactory,
    ILogger<InfluenceSeedingService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await engineHost.GetEngineAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception) when (!stoppingToken.IsCancellationRequested)
        {
            return; // the load failure is logged by the engine host and reported by readiness
        }

        await StartupRetry.UntilDoneAsync(
            async token =>
            {
                var status = await grainFactory.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary).EnsureSeededAsync().WaitAsync(token).ConfigureAwait(false);
                SiloLogMessages.Serving(logger, status.Model, status.Version, status.ForgottenEdges, status.Silo);
            },
            (e, delay) => SiloLogMessages.SeedingRetry(logger, e, delay.TotalSeconds),
            stoppingToken).ConfigureAwait(false);
    }
}
