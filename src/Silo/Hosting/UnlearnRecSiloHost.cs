using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using UnlearnRec.Silo.Health;
using UnlearnRec.Silo.Ingress;

namespace UnlearnRec.Silo.Hosting;

/// <summary>
/// Builds a complete UnlearnRec silo process: Orleans silo (role and profile from configuration), HTTP ingress with
/// bearer-token auth, liveness (<c>/healthz</c>) and readiness (<c>/readyz</c>) probes. Configuration is validated
/// before anything starts.
/// </summary>
public static class UnlearnRecSiloHost
{
    /// <summary>Command-line switches and the configuration keys they set.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--role"] = "UnlearnRec:Silo:Role",
        ["--profile"] = "UnlearnRec:Silo:Profile",
        ["--bundle"] = "UnlearnRec:Silo:Bundle",
        ["--cluster-id"] = "UnlearnRec:Silo:ClusterId",
        ["--service-id"] = "UnlearnRec:Silo:ServiceId",
        ["--silo-port"] = "UnlearnRec:Silo:SiloPort",
        ["--gateway-port"] = "UnlearnRec:Silo:GatewayPort",
        ["--http-port"] = "UnlearnRec:Silo:HttpPort",
        ["--http-listen"] = "UnlearnRec:Silo:HttpListenAddress",
        ["--advertise"] = "UnlearnRec:Silo:AdvertisedAddress",
        ["--storage"] = "UnlearnRec:Storage:ConnectionString",
        ["--token"] = "UnlearnRec:Ingress:Token",
    };

    /// <summary>Builds (but does not start) the silo application.</summary>
    /// <exception cref="SiloConfigurationException">The configuration is invalid.</exception>
    public static WebApplication Build(string[] args, SiloHostSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        settings ??= new SiloHostSettings();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings.Configuration);
        builder.Configuration.AddCommandLine(args, SwitchMappings.ToDictionary());
        var configuration = builder.Configuration;

        var host = configuration.GetSection(SiloHostOptions.SectionName).Get<SiloHostOptions>() ?? new SiloHostOptions();
        var storage = configuration.GetSection(AzureStorageSettings.SectionName).Get<AzureStorageSettings>() ?? new AzureStorageSettings();
        var errors = new List<string>(host.Validate(bundleRequired: settings.BundleSource is null));
        if (host.ParsedProfile == SiloProfile.LocalCluster)
        {
            errors.AddRange(storage.Validate());
        }

        var token = configuration[$"{IngressOptions.SectionName}:Token"];
        if (string.IsNullOrWhiteSpace(token) || token.Length < 16)
        {
            errors.Add($"{IngressOptions.SectionName}:Token must be set to a secret of at least 16 characters: the HTTP ingress admits only callers presenting it (env UnlearnRec__Ingress__Token or --token)");
        }

        if (errors.Count > 0)
        {
            throw new SiloConfigurationException(errors);
        }

        builder.WebHost.UseUrls($"http://{host.HttpListenAddress}:{host.HttpPort}");
        // Orleans and ASP.NET Core are chatty at Information; quiet them unless the configuration says otherwise
        if (configuration["Logging:LogLevel:Orleans"] is null)
        {
            builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        }

        foreach (var (category, level) in new[]
        {
            ("Microsoft.AspNetCore", LogLevel.Warning),
            ("Polly", LogLevel.Warning), // Orleans placement logs every resilience-pipeline run at Information
            ("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical), // "not ready yet" is an answer, not an error
        })
        {
            if (configuration[$"Logging:LogLevel:{category}"] is null)
            {
                builder.Logging.AddFilter(category, level);
            }
        }
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(host);
        builder.Services.AddOptions<IngressOptions>().Bind(configuration.GetSection(IngressOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<BearerTokenFilter>();
        builder.Services.AddHealthChecks().AddCheck<ServingReadinessCheck>("serving", tags: ["ready"]);
        settings.ConfigureServices?.Invoke(builder.Services);

        var role = host.ParsedRole;
        var bundleSource = role == SiloRole.Gpu ? settings.BundleSource ?? new DirectoryModelBundleSource(host.Bundle!) : null;
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = host.ClusterId;
                o.ServiceId = host.ServiceId;
            });
            if (host.ParsedProfile == SiloProfile.LocalCluster)
            {
                silo.ConfigureEndpoints(IPAddress.Parse(host.AdvertisedAddress), host.SiloPort, host.GatewayPort);
                silo.AddUnlearnRecAzureProviders(storage);
            }
            else
            {
                silo.UseLocalhostClustering(host.SiloPort, host.GatewayPort, null, host.ServiceId, host.ClusterId);
                silo.AddUnlearnRecMemoryProviders();
            }

            silo.AddUnlearnRec(configuration, role, bundleSource);
            silo.AddActivityPropagation();
        });

        var app = builder.Build();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapUnlearnRecIngress();
        SiloLogMessages.Starting(
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UnlearnRecSiloHost)),
            role.ToString().ToLowerInvariant(),
            host.ParsedProfile.ToString(),
            host.ClusterId,
            host.SiloPort,
            host.GatewayPort,
            $"http://{host.HttpListenAddress}:{host.HttpPort}");
        return app;
    }
}
