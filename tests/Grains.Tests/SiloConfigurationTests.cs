using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UnlearnRec.Grains.Influence;
using UnlearnRec.Grains.Options;
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

    [Fact]
    public void MoreUsersTablesThanBucketsAreRefused()
    {
        var errors = new AzureStorageSettings { ConnectionString = "UseDevelopmentStorage=true", UsersTableBuckets = 2, UsersTables = 3 }.Validate();

        Assert.Contains(errors, e => e.Contains("UsersTables must be between 1 and UsersTableBuckets (2) (got 3)", StringComparison.Ordinal));
        Assert.Empty(new AzureStorageSettings { ConnectionString = "UseDevelopmentStorage=true", UsersTableBuckets = 4, UsersTables = 4 }.Validate());
    }

    [Fact]
    public async Task TheInfluenceGrainSeedsAgainWhenUserStatesAreKeptElsewhere()
    {
        // the local-cluster host hands the users' storage layout to the influence grain's seed marker
        await using var app = UnlearnRecSiloHost.Build(
            ["--role", "cpu", "--profile", "local-cluster", "--storage", "UseDevelopmentStorage=true", "--token", "0123456789abcdef0123", "--http-port", "0",
             "--UnlearnRec:Storage:UsersTableBuckets=4", "--UnlearnRec:Storage:UsersTables=2"]);
        var layout = app.Services.GetRequiredService<IOptions<InfluenceGrainOptions>>().Value.ServingStorageLayout;
        Assert.Equal("users=UnlearnRecUserStates/4/2", layout);

        // another spread of the same table is another marker (so the grain seeds once more); memory storage keeps the
        // marker it always had (so embedded silos do not re-seed for nothing)
        var marker = InfluenceSeedMarker.Of("model", "serving-layout-2", layout);
        Assert.NotEqual(marker, InfluenceSeedMarker.Of("model", "serving-layout-2", "users=UnlearnRecUserStates/4/4"));
        Assert.Equal("model|serving-layout-2", InfluenceSeedMarker.Of("model", "serving-layout-2", ""));
    }
}
