using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using UnlearnRec.Grains.Influence;
using UnlearnRec.Grains.Interfaces;

namespace UnlearnRec.Grains.Tests;

/// <summary>
/// The influence grain's removal journal: when a deletion reports applied, its removal is durable in the journal even
/// though no checkpoint covers it yet (this cluster checkpoints hourly in the background), and a durable checkpoint
/// drops the records it covers. Runs on a cluster of its own. (A killed gpu silo coming back through the journal is
/// the integration test <c>AKilledGpuSiloComesBackStillForgettingEveryAppliedRequest</c>.)
/// </summary>
public sealed class RemovalJournalTests : IAsyncLifetime
{
    private readonly ClusterFixture _fixture = new(fastFailureDetection: false, checkpointInterval: TimeSpan.FromHours(1));

    /// <inheritdoc />
    public Task InitializeAsync() => _fixture.InitializeAsync();

    /// <inheritdoc />
    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task AnAppliedRemovalIsJournaledUntilACheckpointCoversIt()
    {
        var (user, item) = TestBundles.Edge(_fixture.Bundle, 7);
        var first = await ApplyAsync("journal-1", user, item);

        // the checkpoint is older than the removal: the journal is what makes it durable
        Assert.True((await ReadAsync<EngineCheckpointState>("checkpoint")).Version < first);
        var record = Assert.Single((await ReadAsync<RemovalJournalState>("journal")).Records);
        Assert.Equal(first, record.EngineVersion);
        Assert.Equal([user], record.UserIds);
        Assert.Equal([item], record.ItemIds);

        // a consolidation completes only once its checkpoint is durable, and that checkpoint covers the first removal:
        // the next journal write no longer carries it
        var consolidated = await _fixture.Client.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary).ConsolidateAsync();
        Assert.NotNull(consolidated);
        var (user2, item2) = Enumerable.Range(100, 200).Select(k => TestBundles.Edge(_fixture.Bundle, k)).First(e => e.User != user);
        var second = await ApplyAsync("journal-2", user2, item2);
        var records = (await ReadAsync<RemovalJournalState>("journal")).Records;
        record = Assert.Single(records);
        Assert.Equal(second, record.EngineVersion);
        Assert.Equal([user2], record.UserIds);
        Assert.Equal([item2], record.ItemIds);
    }

    private async Task<long> ApplyAsync(string requestId, long user, long item)
    {
        await _fixture.SubmitAsync(DeletionRequest.ForInteractions(requestId, user, item));
        var status = await _fixture.WaitCompletedAsync(requestId);
        Assert.Equal(DeletionState.Applied, status.State);
        Assert.Equal(1, status.EdgesRemoved);
        return status.EngineVersion;
    }

    private async Task<T> ReadAsync<T>(string stateName)
        where T : class, new()
    {
        var silo = _fixture.Cluster.Silos[0];
        var storage = _fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredKeyedService<IGrainStorage>(StorageNames.Engine);
        var state = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, _fixture.Client.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary).GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException($"no {stateName} state");
    }
}
