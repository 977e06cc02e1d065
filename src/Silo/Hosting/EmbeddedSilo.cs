using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Grains.Diagnostics;
using UnlearnRec.Grains.Influence;

namespace UnlearnRec.Silo.Hosting;

/// <summary>
/// A complete single-process silo (embedded profile, gpu role) started inside another program, e.g. the
/// <c>unlearnrec demo</c>: free loopback ports, a fresh random ingress token, memory providers, the given model.
/// </summary>
public sealed class EmbeddedSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedSilo(WebApplication app, Uri baseAddress, string token)
    {
        _app = app;
        BaseAddress = baseAddress;
        Token = token;
    }

    /// <summary>The HTTP ingress (loopback).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The ingress bearer token.</summary>
    public string Token { get; }

    /// <summary>The silo's services (grain factory, options, …).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The silo's grain factory.</summary>
    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    /// <summary>
    /// Starts the silo serving <paramref name="bundle"/> and waits until the serving grains are seeded.
    /// <paramref name="configuration"/> overrides any setting (e.g. <c>UnlearnRec:Engine:ChangeTolerance</c>).
    /// </summary>
    public static async Task<EmbeddedSilo> StartAsync(ModelBundle bundle, IReadOnlyDictionary<string, string?>? configuration = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["UnlearnRec:Silo:Role"] = "gpu",
            ["UnlearnRec:Silo:Profile"] = "embedded",
            ["UnlearnRec:Silo:ClusterId"] = "unlearnrec-embedded-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            ["UnlearnRec:Silo:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["UnlearnRec:Silo:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["UnlearnRec:Silo:HttpPort"] = "0",
            ["UnlearnRec:Ingress:Token"] = token,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
        };
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = UnlearnRecSiloHost.Build([], new SiloHostSettings
        {
            Configuration = settings,
            BundleSource = new InMemoryModelBundleSource(bundle, $"in-memory bundle ({bundle.Manifest.Model}, {bundle.Manifest.Dataset})"),
        });
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("the embedded silo's HTTP ingress did not report an address");
            var silo = new EmbeddedSilo(app, new Uri(address), token);
            await silo.WaitUntilServingAsync(TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
            return silo;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var readiness = _app.Services.GetRequiredService<ServingReadiness>();
        var engine = _app.Services.GetRequiredService<IInfluenceEngineHost>();
        var deadline = DateTime.UtcNow + timeout;
        while (!readiness.Seeded || !readiness.PartitionsWarm)
        {
            if (engine.LoadError is { } error)
            {
                throw new InvalidOperationException("the model could not be loaded: " + error);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the embedded silo did not finish seeding (or activating its deletion partitions) in time");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
