using UnlearnRec.Silo.Hosting;

namespace UnlearnRec.Grains.Tests;

/// <summary>A silo with a bad configuration refuses to start and says what is wrong.</summary>
public sealed class SiloConfigurationTests
{
    [Fact]
    public void MissingTokenBundleAndConnectionStringAreAllReported()
    {
        var error = Assert.Throws<SiloConfigurationException>(() => UnlearnRecSiloHost.Build(["--role", "gpu", "--profile", "local-cluster"]));

        Assert.Contains(error.Errors, e => e.Contains("Token", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("--bundle", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("ConnectionString", StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidValuesAreNamed()
    {
        var error = Assert.Throws<SiloConfigurationException>(() => UnlearnRecSiloHost.Build(
            ["--role", "tpu", "--profile", "cloud", "--silo-port", "70000", "--gateway-port", "30000", "--token", "0123456789abcdef0123"]));

        Assert.Contains(error.Errors, e => e.Contains("'gpu' or 'cpu'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("'embedded' or 'local-cluster'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("SiloPort", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACpuSiloNeedsNoBundle()
    {
        await using var app = UnlearnRecSiloHost.Build(["--role", "cpu", "--token", "0123456789abcdef0123", "--http-port", "0"]);
        Assert.NotNull(app);
    }
}
