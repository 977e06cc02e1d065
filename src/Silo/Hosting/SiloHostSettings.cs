using Microsoft.Extensions.DependencyInjection;

namespace UnlearnRec.Silo.Hosting;

/// <summary>Programmatic overrides for <see cref="UnlearnRecSiloHost.Build"/> (embedded demo, tests).</summary>
public sealed record SiloHostSettings
{
    /// <summary>Configuration values applied over appsettings, environment and command line defaults.</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    /// <summary>Model to serve instead of <c>--bundle</c> (gpu role).</summary>
    public IModelBundleSource? BundleSource { get; init; }

    /// <summary>Extra service registrations (e.g. an encoder-backed corrector factory).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
