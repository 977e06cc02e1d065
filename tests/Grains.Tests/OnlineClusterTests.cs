using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using UnlearnRec.Core.Unlearning;
using UnlearnRec.Grains.Influence;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Model.Engine;
using Xunit.Abstractions;

namespace UnlearnRec.Grains.Tests;

/// <summary>
/// The online system end to end on an in-process three-silo cluster (one gpu role). Tests share the cluster and run
/// in order; each uses its own request ids, and the offline comparison replays every request applied so far.
/// </summary>
public sealed class OnlineClusterTests(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private static readonly List<DeletionCommand> AppliedSoFar = [];
    private static readonly object Gate = new();

    [Fact]
    public async Task InfluenceGrainIsPlacedOnTheGpuSilo()
    {
        var status = await fixture.Client.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary).DescribeAsync();

        var gpu = fixture.Cluster.Silos.Single(s => s.Name == ClusterFixture.GpuSiloName);
        Assert.Equal(gpu.SiloAddress.ToString(), status.Silo);
        Assert.True(status.Seeded);
        foreach (var silo in fixture.Cluster.Silos)
        {
            var classes = fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<IOptions<GrainTypeOptions>>().Value.Classes;
            Assert.Equal(silo.Name == ClusterFixture.GpuSiloName, classes.Contains(typeof(InfluenceGrain)));
        }
    }

    [Fact]
    public async Task DeletionIsAppliedAndServedEmbeddingsEqualTheOfflineEngine()
    {
        var (user, item) = TestBundles.Edge(fixture.Bundle, 10);
        var request = DeletionRequest.ForInteractions("apply-1", user, item);

        var receipt = await fixture.SubmitAsync(request);
        Assert.NotEqual(DeletionState.Rejected, receipt.State);
        Assert.False(receipt.Duplicate);
        var status = await fixture.WaitCompletedAsync(request.RequestId);

        Assert.Equal(DeletionState.Applied, status.State);
        Assert.Equal(1, status.EdgesRemoved);
        Assert.True(status.EngineVersion > 0);
        output.WriteLine($"deletion-to-applied: {status.LatencyMs:F1} ms at engine version {status.EngineVersion}");
        Record(CorrectionBatchFactory.ToCommand(request));
        await AssertServedEqualsOfflineAsync();

        var view = await fixture.Client.GetGrain<IUserGrain>(user).GetViewAsync();
        Assert.DoesNotContain(item, view.Interactions);
    }

    [Fact]
    public async Task DuplicateRequestIsANoOp()
    {
        var (user, item) = TestBundles.Edge(fixture.Bundle, 20);
        var request = DeletionRequest.ForInteractions("dup-1", user, item);
        await fixture.SubmitAsync(request);
        var first = await fixture.WaitCompletedAsync(request.RequestId);
        Record(CorrectionBatchFactory.ToCommand(request));
        var versionBefore = (await fixture.Client.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary).DescribeAsync()).Version;
        var servedBefore = await fixture.ServedAsync();

        var again = await fixture.SubmitAsync(request);

        Assert.True(again.Duplicate);
        Assert.Equal(DeletionState.Applied, again.State);
        await Task.Delay(200); // give a (wrong) second batch time to show up
        var status = await fixture.WaitCompletedAsync(request.RequestId);
        Assert.Equal(first.EngineVersion, status.EngineVersion);
        Assert.Equal(first.CompletedAtUnixMs, status.CompletedAtUnixMs);
        Assert.Equal(versionBefore, (await fixture.Client.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary).DescribeAsync()).Version);
        var servedAfter = await fixture.ServedAsync();
        Assert.All(servedBefore.Users, kv => Assert.Equal(kv.Value, servedAfter.Users[kv.Key]));
    }

    [Fact]
    public async Task UnknownUserIsRejectedAndTheRestOfItsBatchApplies()
    {
        // three requests in one submission to one partition, so they travel in one batch
        var partition = 0;
        var edges = Enumerable.Range(0, TestBundles.EdgeCount(fixture.Bundle))
            .Select(k => TestBundles.Edge(fixture.Bundle, k))
            .Where(e => ServingTopology.PartitionOf(DeletionRequest.ForInteractions("x", e.User, e.Item), ClusterFixture.Partitions) == partition)
            .Skip(3)
            .Take(2)
            .ToList();
        var good1 = DeletionRequest.ForInteractions("batch-good-1", edges[0].User, edges[0].Item);
        var unknown = DeletionRequest.ForInteractions("batch-unknown-user", 987_654_321, edges[0].Item);
        var good2 = DeletionRequest.ForInteractions("batch-good-2", edges[1].User, edges[1].Item);

        var receipts = await fixture.Client.GetGrain<IDeletionPartitionGrain>(partition).SubmitManyAsync([good1, unknown, good2]);
        Assert.All(receipts, r => Assert.False(r.Duplicate));
        var statuses = new[]
        {
            await fixture.WaitCompletedAsync(good1.RequestId),
            await fixture.WaitCompletedAsync(unknown.RequestId),
            await fixture.WaitCompletedAsync(good2.RequestId),
        };

        Assert.Equal([DeletionState.Applied, DeletionState.Rejected, DeletionState.Applied], statuses.Select(s => s.State));
        Assert.Contains("unknown user", statuses[1].Error, StringComparison.Ordinal);
        Assert.Single(statuses.Select(s => s.BatchSequence).Distinct());
        Record(CorrectionBatchFactory.ToCommand(good1), CorrectionBatchFactory.ToCommand(good2));
        await AssertServedEqualsOfflineAsync();
    }

    [Fact]
    public async Task StreamedEnvelopesGoThroughTheSameLedger()
    {
        var (user, item) = TestBundles.Edge(fixture.Bundle, 33);
        var request = DeletionRequest.ForInteractions("stream-1", user, item);
        var partition = ServingTopology.PartitionOf(request, ClusterFixture.Partitions);
        var stream = fixture.Client.GetStreamProvider(StreamNames.DeletionProvider)
            .GetStream<DeletionRequest>(StreamId.Create(StreamNames.DeletionNamespace, partition));

        await stream.OnNextAsync(request);
        var status = await fixture.WaitCompletedAsync(request.RequestId);
        Assert.Equal(DeletionState.Applied, status.State);
        Record(CorrectionBatchFactory.ToCommand(request));

        // the same id again through the stream, and an undecodable envelope
        await stream.OnNextAsync(request);
        var malformed = Streaming.DeletionQueueDataAdapter.Decode("not base64 at all");
        await stream.OnNextAsync(malformed);
        var rejected = await fixture.WaitCompletedAsync(malformed.RequestId);
        Assert.Equal(DeletionState.Rejected, rejected.State);
        Assert.Equal(status.EngineVersion, (await fixture.WaitCompletedAsync(request.RequestId)).EngineVersion);
    }

    [Fact]
    public async Task RecommendationsExcludeSeenItemsAndForgottenItemsBecomeRankable()
    {
        var (user, item) = TestBundles.Edge(fixture.Bundle, 50);
        var recommender = fixture.Client.GetGrain<IRecommendationGrain>(GrainKeys.StatelessWorker);
        var before = await recommender.RecommendAsync(user, 80);
        var seen = TestBundles.ItemsOf(fixture.Bundle, user);
        Assert.True(before.KnownUser);
        Assert.Empty(before.ItemIds.Intersect(seen));
        Assert.Equal(80 - seen.Length, before.ItemIds.Length);
        Assert.True(before.Scores.Zip(before.Scores.Skip(1)).All(p => p.First >= p.Second));

        var request = DeletionRequest.ForInteractions("rec-1", user, item);
        await fixture.SubmitAsync(request);
        Assert.Equal(DeletionState.Applied, (await fixture.WaitCompletedAsync(request.RequestId)).State);
        Record(CorrectionBatchFactory.ToCommand(request));

        var after = await recommender.RecommendAsync(user, 80);
        Assert.Contains(item, after.ItemIds);
        Assert.True(after.UserVersion > before.UserVersion);
        Assert.False((await recommender.RecommendAsync(424_242, 5)).KnownUser);
    }

    [Fact]
    public async Task UserScopeDeletionPurgesTheUsersInteractions()
    {
        var user = TestBundles.Edge(fixture.Bundle, 300).User;
        var request = DeletionRequest.ForUser("user-purge-1", user);
        await fixture.SubmitAsync(request);
        var status = await fixture.WaitCompletedAsync(request.RequestId);

        Assert.Equal(DeletionState.Applied, status.State);
        Assert.True(status.EdgesRemoved > 0);
        Record(CorrectionBatchFactory.ToCommand(request));
        Assert.Empty((await fixture.Client.GetGrain<IUserGrain>(user).GetViewAsync()).Interactions);
        await AssertServedEqualsOfflineAsync();
    }

    [Fact]
    public async Task ConsolidationRefreshesEveryServedRowAtANewVersion()
    {
        var (user, item) = TestBundles.Edge(fixture.Bundle, 400);
        var request = DeletionRequest.ForInteractions("consolidate-1", user, item);
        await fixture.SubmitAsync(request);
        Assert.Equal(DeletionState.Applied, (await fixture.WaitCompletedAsync(request.RequestId)).State);
        Record(CorrectionBatchFactory.ToCommand(request));
        var influence = fixture.Client.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary);
        var before = (await influence.DescribeAsync()).Version;

        var version = await influence.ConsolidateAsync();

        Assert.True(version > before);
        var views = await Task.WhenAll(fixture.Bundle.Longs("user_ids").Select(u => fixture.Client.GetGrain<IUserGrain>(u).GetViewAsync()));
        Assert.All(views, v => Assert.Equal(version, v.Version));
        await AssertServedEqualsOfflineAsync();
        Assert.Null(await influence.ConsolidateAsync()); // nothing forgotten since
    }

    [Fact]
    public async Task AUserDropsExactlyTheRemovedItemsItHolds()
    {
        // an id the model does not know: no request, seeding or refresh of the other tests reaches it
        var user = fixture.Client.GetGrain<IUserGrain>(9_000_001);
        Assert.True(await user.ApplyAsync(new UserUpdate(1, [], [], [50, 10, 40, 20, 30])));

        // removals apply whatever their version; items it does not hold and repeated ids change nothing else
        Assert.True(await user.ApplyAsync(new UserUpdate(0, [], [40, 99, 10, 40], null)));
        var view = await user.GetViewAsync();
        Assert.Equal(new long[] { 20, 30, 50 }, view.Interactions);

        // none of them held: nothing changes
        Assert.False(await user.ApplyAsync(new UserUpdate(0, [], [99, 10], null)));
        view = await user.GetViewAsync();
        Assert.Equal(new long[] { 20, 30, 50 }, view.Interactions);
    }

    [Fact]
    public async Task SeedingAgainChangesNothing()
    {
        var influence = fixture.Client.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary);
        var before = await influence.DescribeAsync();
        var served = await fixture.ServedAsync();

        var after = await influence.EnsureSeededAsync();

        Assert.Equal(before.Version, after.Version);
        var again = await fixture.ServedAsync();
        Assert.All(served.Items, kv => Assert.Equal(kv.Value, again.Items[kv.Key]));
    }

    private static void Record(params DeletionCommand[] commands)
    {
        lock (Gate)
        {
            AppliedSoFar.AddRange(commands);
        }
    }

    private async Task AssertServedEqualsOfflineAsync()
    {
        await using var offline = InfluenceEngine.Create(fixture.Bundle, new InfluenceEngineOptions { ChangeTolerance = 0f, MaxUserRowsPerComputation = 0, DeferNeighbourRows = false });
        List<DeletionCommand> commands;
        lock (Gate)
        {
            commands = [.. AppliedSoFar];
        }

        foreach (var command in commands)
        {
            Assert.True((await offline.ApplyAsync([command])).Outcomes[0].Applied);
        }

        var expected = await offline.SnapshotAsync();
        var (users, items) = await fixture.ServedAsync();
        var dim = expected.Dim;
        for (var u = 0; u < expected.UserIds.Length; u++)
        {
            AssertRow(expected.UserValues.AsSpan(u * dim, dim), users[expected.UserIds[u]], $"user {expected.UserIds[u]}");
        }

        for (var i = 0; i < expected.ItemIds.Length; i++)
        {
            AssertRow(expected.ItemValues.AsSpan(i * dim, dim), items[expected.ItemIds[i]], $"item {expected.ItemIds[i]}");
        }

        output.WriteLine($"served rows equal the offline engine after {commands.Count} requests");
    }

    private static void AssertRow(ReadOnlySpan<float> expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var j = 0; j < expected.Length; j++)
        {
            Assert.True(Math.Abs(expected[j] - actual[j]) <= 1e-6f, $"{what}[{j}]: expected {expected[j]}, served {actual[j]}");
        }
    }
}
