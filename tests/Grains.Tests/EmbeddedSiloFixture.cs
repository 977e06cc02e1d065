using System.Net.Http.Headers;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Silo.Hosting;

namespace UnlearnRec.Grains.Tests;

/// <summary>One embedded silo (the demo's single-process profile) with its real HTTP ingress on a loopback port.</summary>
public sealed class EmbeddedSiloFixture : IAsyncLifetime
{
    /// <summary>The served model.</summary>
    public ModelBundle Bundle { get; } = TestBundles.Small();

    /// <summary>The silo.</summary>
    public EmbeddedSilo Silo { get; private set; } = null!;

    /// <summary>An HTTP client with the right bearer token.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>An HTTP client without a token.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Silo = await EmbeddedSilo.StartAsync(Bundle, new Dictionary<string, string?> { ["UnlearnRec:Ledger:BatchWindow"] = "00:00:00.005" });
        Http = new HttpClient { BaseAddress = Silo.BaseAddress };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Silo.Token);
        Anonymous = new HttpClient { BaseAddress = Silo.BaseAddress };
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Http.Dispose();
        Anonymous.Dispose();
        await Silo.DisposeAsync();
    }
}
