using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using UnlearnRec.Grains.Diagnostics;
using UnlearnRec.Grains.Influence;
using UnlearnRec.Silo.Hosting;

namespace UnlearnRec.Silo.Health;

/// <summary>
/// Readiness: the silo has started and the deletion partitions are active; on a gpu-role silo the model is also loaded
/// and the serving grains seeded.
/// </summary>
public sealed class ServingReadinessCheck(
    IHostApplicationLifetime lifetime,
    SiloHostOptions host,
    IInfluenceEngineHost engine,
    ServingReadiness serving) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the silo is starting"));
        }

        // a model that failed to load is final and needs an operator: say so before anything that is still under way
        if (host.ParsedRole == SiloRole.Gpu && engine.LoadError is { } error)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("model failed to load: " + error));
        }

        if (!serving.PartitionsWarm)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("activating the deletion partitions"));
        }

        if (host.ParsedRole == SiloRole.Cpu)
        {
            return Task.FromResult(HealthCheckResult.Healthy("cpu role: serving"));
        }

        if (!engine.IsLoaded)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("loading the model"));
        }

        return Task.FromResult(serving.Seeded
            ? HealthCheckResult.Healthy("gpu role: model loaded and serving")
            : HealthCheckResult.Unhealthy("seeding the serving grains"));
    }
}
