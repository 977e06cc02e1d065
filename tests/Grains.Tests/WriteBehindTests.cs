using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Storage;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Grains.ItemShards;
using UnlearnRec.Grains.Users;

namespace UnlearnRec.Grains.Tests;

/// <summary>
/// When serving grains make their state durable: every change (embedding rows and interaction lists) is served at once
/// and written within the write-behind delay (3 s in <see cref="ClusterFixture"/>); the durable record of a removal is
/// the influence grain's journal (<see cref="RemovalJournalTests"/>). Uses ids outside the test model so the other
/// tests' served rows stay untouched.
/// </summary>
public sealed class WriteBehindTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AUsersListChangeIsServedAtOnceAndWrittenBehindWithItsEmbedding()
    {
        var grain = await StoredUserAsync(9_000_001, 10, [5, 6, 7]);
        var seeded = await ReadUserAsync(grain);
        Assert.Equal([5L, 6, 7], seeded.Interactions);

        // a removal is served at once and stored later, with the embedding change that came with it
        Assert.True(await grain.ApplyAsync(new UserUpdate(12, Vector(3f), [6], null)));
        var served = await grain.GetViewAsync();
        Assert.Equal([5L, 7], served.Interactions);
        var notYet = await ReadUserAsync(grain);
        Assert.Equal([5L, 6, 7], notYet.Interactions);
        await WaitUntilAsync(async () => (await ReadUserAsync(grain)).Version == 12);
        var stored = await ReadUserAsync(grain);
        Assert.Equal([5L, 7], stored.Interactions);
        Assert.Equal(Vector(3f), stored.Embedding);
    }

    [Fact]
    public async Task AnEmbeddingOnlyChangeIsWrittenWithTheNextListChangeOrWhenTheUserDeactivates()
    {
        var grain = await StoredUserAsync(9_000_005, 20, [1, 2, 3]);

        // a neighbourhood row is served at once but costs no write of its own: still unwritten well after the delay
        Assert.True(await grain.ApplyAsync(new UserUpdate(21, Vector(2f), [], null)));
        Assert.Equal(21, (await grain.GetViewAsync()).Version);
        await Task.Delay(ClusterFixture.WriteBehind + TimeSpan.FromSeconds(1.5));
        Assert.Equal(20, (await ReadUserAsync(grain)).Version);

        // a removal that carries no row takes it along
        Assert.True(await grain.ApplyAsync(new UserUpdate(22, [], [2], null)));
        await WaitUntilAsync(async () => (await ReadUserAsync(grain)).Version == 22);
        var stored = await ReadUserAsync(grain);
        Assert.Equal([1L, 3], stored.Interactions);
        Assert.Equal(Vector(2f), stored.Embedding);

        // and the deactivation writes what is left
        Assert.True(await grain.ApplyAsync(new UserUpdate(23, Vector(4f), [], null)));
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await WaitUntilAsync(async () => (await ReadUserAsync(grain)).Version == 23);
        Assert.Equal(Vector(4f), (await ReadUserAsync(grain)).Embedding);
        var reactivated = await grain.GetViewAsync();
        Assert.Equal([1L, 3], reactivated.Interactions);
    }

    [Fact]
    public async Task AListThatIsNotNewerOnlyRemovesInteractions()
    {
        const long user = 9_000_004;
        var grain = fixture.Client.GetGrain<IUserGrain>(user);
        // a copy that came back from an old stored state: it still serves 2, which was forgotten meanwhile
        Assert.True(await grain.ApplyAsync(new UserUpdate(30, Vector(1f), [], [1, 2, 3, 4])));
        // a later request's delivery got here before the refresh: it removes 4 and moves the version past the refresh's
        Assert.True(await grain.ApplyAsync(new UserUpdate(32, Vector(2f), [4], null)));

        // the refresh (version 31) lists what the engine held then: 1, 3, 4. It takes 2 away and brings nothing back
        Assert.True(await grain.ApplyAsync(new UserUpdate(31, Vector(9f), [], [4, 3, 1])));
        var view = await grain.GetViewAsync();
        Assert.Equal([1L, 3], view.Interactions);
        Assert.Equal(32, view.Version);
        Assert.Equal(Vector(2f), view.Embedding);

        // the same refresh again changes nothing
        Assert.False(await grain.ApplyAsync(new UserUpdate(31, Vector(9f), [], [4, 3, 1])));
    }

    [Fact]
    public async Task AListInAnyOrderIsServedAndStoredSorted()
    {
        const long user = 9_000_002;
        var grain = fixture.Client.GetGrain<IUserGrain>(user);
        Assert.True(await grain.ApplyAsync(new UserUpdate(20, Vector(1f), [], [3, 1, 2])));
        // a refresh repeats the list in another order with a newer row
        Assert.True(await grain.ApplyAsync(new UserUpdate(21, Vector(4f), [], [2, 3, 1])));
        var served = await grain.GetViewAsync();
        Assert.Equal([1L, 2, 3], served.Interactions);
        await WaitUntilAsync(async () => (await ReadUserAsync(grain)).Version == 21);
        var stored = await ReadUserAsync(grain);
        Assert.Equal([1L, 2, 3], stored.Interactions);
        Assert.Equal(Vector(4f), stored.Embedding);
    }

    [Fact]
    public async Task AStaleCopyWhoseWriteBehindConflictsStepsAside()
    {
        const long user = 9_000_003;
        var grain = fixture.Client.GetGrain<IUserGrain>(user);
        Assert.True(await grain.ApplyAsync(new UserUpdate(40, Vector(1f), [], [1, 2])));
        // another writer (as a duplicate activation during a silo's death would) changes the stored state
        var storage = Storage(StorageNames.Users);
        var stored = new GrainState<UserServingState>(new UserServingState());
        await storage.ReadStateAsync("user", grain.GetGrainId(), stored);
        stored.State = new UserServingState { Version = 50, Embedding = Vector(5f), Interactions = [2] };
        await storage.WriteStateAsync("user", grain.GetGrainId(), stored);

        // this copy's next write (a removal) cannot be written (stale ETag): it deactivates instead of retrying
        // forever, and the next call reads what is stored
        Assert.True(await grain.ApplyAsync(new UserUpdate(41, Vector(2f), [1], null)));
        await WaitUntilAsync(async () => (await grain.GetViewAsync()).Version == 50);
        var fresh = await grain.GetViewAsync();
        Assert.Equal([2L], fresh.Interactions);
    }

    [Fact]
    public async Task ANewItemsRowIsWrittenBehindAndAChangedRowWhenTheShardDeactivates()
    {
        // a shard index outside the test topology: its rows are not part of the served model
        var shard = fixture.Client.GetGrain<IItemShardGrain>(ClusterFixture.Shards + 17);
        Assert.Equal(2, await shard.ApplyAsync(new ItemShardUpdate(30, PackedRows.FromFloats([100, 200], [1f, 2f, 3f, 4f], 2))));
        var served = await shard.ExportAsync();
        Assert.Equal([100L, 200], served.Rows.Ids);
        // items the shard did not hold (seeding) are written behind, so a copy reactivated elsewhere serves them all
        Assert.Empty((await ReadShardAsync(shard)).ItemIds);
        await WaitUntilAsync(async () => (await ReadShardAsync(shard)).ItemIds.Length == 2);
        var seeded = await ReadShardAsync(shard);
        Assert.Equal([30L, 30], seeded.RowVersions);

        // a changed row is recomputable and re-sent when a silo is lost: no write of its own, even after the delay
        Assert.Equal(1, await shard.ApplyAsync(new ItemShardUpdate(31, PackedRows.FromFloats([200], [5f, 6f], 2))));
        await Task.Delay(ClusterFixture.WriteBehind + TimeSpan.FromSeconds(1.5));
        var notYet = await ReadShardAsync(shard);
        Assert.Equal([30L, 30], notYet.RowVersions);

        await shard.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await WaitUntilAsync(async () => (await ReadShardAsync(shard)).RowVersions.SequenceEqual([30L, 31]));
        var stored = await ReadShardAsync(shard);
        Assert.Equal([1f, 2f, 5f, 6f], PackedVectors.Unpack(stored.Values));
        // the next call reactivates it from what was stored
        var reactivated = await shard.ExportAsync();
        Assert.Equal([100L, 200], reactivated.Rows.Ids);
    }

    // a user seeded with a list at the version, once the write-behind has stored it
    private async Task<IUserGrain> StoredUserAsync(long user, long version, long[] interactions)
    {
        var grain = fixture.Client.GetGrain<IUserGrain>(user);
        Assert.True(await grain.ApplyAsync(new UserUpdate(version, Vector(1f), [], interactions)));
        await WaitUntilAsync(async () => (await ReadUserAsync(grain)).Version == version);
        return grain;
    }

    private static byte[] Vector(float value) => PackedVectors.Pack([value, value + 0.5f]);

    private IGrainStorage Storage(string name) =>
        fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress).GetRequiredKeyedService<IGrainStorage>(name);

    private async Task<UserServingState> ReadUserAsync(IUserGrain grain)
    {
        var state = new GrainState<UserServingState>(new UserServingState());
        await Storage(StorageNames.Users).ReadStateAsync("user", grain.GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException("no state");
    }

    private async Task<ItemShardState> ReadShardAsync(IItemShardGrain grain)
    {
        var state = new GrainState<ItemShardState>(new ItemShardState());
        await Storage(StorageNames.ItemShards).ReadStateAsync("shard", grain.GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException("no state");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the write-behind did not reach storage in time");
            await Task.Delay(100);
        }
    }
}
