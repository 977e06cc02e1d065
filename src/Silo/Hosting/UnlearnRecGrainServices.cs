using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using UnlearnRec.Grains.Diagnostics;
using UnlearnRec.Grains.Ingestion;
using UnlearnRec.Grains.Options;

namespace UnlearnRec.Silo.Hosting;

/// <summary>Registers what the grains need from dependency injection (options, metrics, hashing, time).</summary>
public static class UnlearnRecGrainServices
{
    /// <summary>
    /// Adds options bound from <paramref name="configuration"/> (validated at start), metrics, the audit hasher and
    /// the serving-readiness flag.
    /// </summary>
    public static IServiceCollection AddUnlearnRecGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ServingTopologyOptions>().Bind(configuration.GetSection(ServingTopologyOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DeletionLedgerOptions>().Bind(configuration.GetSection(DeletionLedgerOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CorrectionDispatchOptions>().Bind(configuration.GetSection(CorrectionDispatchOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ServingPersistenceOptions>().Bind(configuration.GetSection(ServingPersistenceOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InfluenceGrainOptions>().Bind(configuration.GetSection(InfluenceGrainOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UnlearnRecMetrics>();
        services.TryAddSingleton<ContentHasher>();
        services.TryAddSingleton<ServingReadiness>();
        return services;
    }
}
