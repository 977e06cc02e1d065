using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Grains.Users;
using UnlearnRec.Silo.Hosting;

namespace UnlearnRec.Grains.Tests;

/// <summary>
/// A user grain keeps serving while its write-behind is on the way to storage, and its writes never overlap (each
/// carries the ETag of the one before). One silo whose users storage holds one grain's write until the test lets it go.
/// </summary>
public sealed class WriteBehindInterleavingTests : IAsyncLifetime
{
    private const long User = 9_100_001;
    private readonly GatedGrainStorage _users = new();
    private InProcessTestCluster _cluster = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(ClusterFixture.Configuration.AsEnumerable())
        {
            ["UnlearnRec:ServingPersistence:WriteBehind"] = "00:00:00.200",
        }).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddUnlearnRecMemoryProviders();
            silo.AddUnlearnRec(configuration, SiloRole.Gpu, new InMemoryModelBundleSource(TestBundles.Small(), "test bundle"));
            // registered last, so the users' state goes to the gated storage
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Users, _users);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        _users.Open();
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task AUserIsServedWhileItsWriteBehindIsHeld()
    {
        var grain = _cluster.Client.GetGrain<IUserGrain>(User);
        _users.Gated = grain.GetGrainId();
        Assert.True(await grain.ApplyAsync(new UserUpdate(10, PackedVectors.Pack([1f, 1f]), [], [1, 2, 3])));
        await _users.WriteHeld.WaitAsync(TimeSpan.FromSeconds(30));

        // the timed write waits in storage; a deletion's rows for this user must not wait behind it
        Assert.True(await grain.ApplyAsync(new UserUpdate(11, PackedVectors.Pack([2f, 2f]), [2], null)).WaitAsync(TimeSpan.FromSeconds(10)));
        var view = await grain.GetViewAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(11, view.Version);
        Assert.Equal([1L, 3], view.Interactions);

        // once storage lets the first write through, the change made meanwhile follows with the ETag the first got back
        _users.Open();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (_users.Stored<UserServingState>(grain.GetGrainId()) is not { Version: 11 })
        {
            Assert.True(DateTime.UtcNow < deadline, "the change made during the held write never reached storage");
            await Task.Delay(50);
        }

        Assert.Equal([1L, 3], _users.Stored<UserServingState>(grain.GetGrainId())!.Interactions);
        Assert.Equal(0, _users.Conflicts);
    }
}
