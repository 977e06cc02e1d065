using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Embeddings;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Unlearning;
using UnlearnRec.Model.Engine;

namespace UnlearnRec.Model.Tests.Engine;

public sealed class InfluenceEngineTests
{
    private static readonly SyntheticBundleSpec Spec = new() { Users = 60, Items = 40, InteractionsPerUser = 6, Dim = 16, Layers = 3, Seed = 3 };

    private static InfluenceEngineOptions Exact() => new() { ChangeTolerance = 0f, MaxUserRowsPerComputation = 0, DeferNeighbourRows = false };

    [Fact]
    public async Task LoadsBundleAndDescribesIt()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        await using var engine = InfluenceEngine.Create(bundle, Exact());
        var d = engine.Describe();
        Assert.Equal(("lightgcn", 60, 40, 16, 0L, 0L), (d.Model, d.UserCount, d.ItemCount, d.Dim, d.Version, d.ForgottenEdges));
        Assert.Equal(bundle.Ints(BundleArrayNames.TrainEdges).Length / 2, d.TrainEdges);
        var snapshot = await engine.SnapshotAsync();
        Assert.Equal(bundle.Floats(BundleArrayNames.Final).AsSpan(0, 60 * 16).ToArray(), snapshot.UserValues);
    }

    [Fact]
    public async Task DeletionReturnsExactRowsOfTheResidualModel()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        await using var engine = InfluenceEngine.Create(bundle, Exact());
        var (user, item) = Edge(bundle, 5);
        var set = await engine.ApplyAsync([DeletionCommand.ForInteractions("r1", user, item)]);

        var outcome = Assert.Single(set.Outcomes);
        Assert.True(outcome.Applied, outcome.Error);
        Assert.Equal(1, outcome.EdgesRemoved);
        Assert.Equal(1, set.EngineVersion);
        Assert.Contains(user, set.UserIds);
        Assert.Contains(item, set.ItemIds);
        Assert.Equal([user], set.RemovedUserIds);
        Assert.Equal([item], set.RemovedItemIds);

        var reference = ReferenceFinal(bundle, [(user, item)]);
        var snapshot = await engine.SnapshotAsync();
        AssertClose(reference.Users, snapshot.UserValues);
        AssertClose(reference.Items, snapshot.ItemValues);
        // the rows in the set are the new absolute values
        for (var i = 0; i < set.UserIds.Length; i++)
        {
            var dense = (int)(set.UserIds[i] - Spec.UserIdBase);
            AssertClose(reference.Users.AsSpan(dense * 16, 16).ToArray(), set.UserValues.AsSpan(i * 16, 16).ToArray());
        }

        Assert.DoesNotContain(item, InteractionsOf(snapshot, user));
    }

    [Fact]
    public async Task RemovalIsReportedBeforeTheEmbeddingsWithACheckpointThatCoversIt()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        await using var engine = InfluenceEngine.Create(bundle, Exact());
        var (user, item) = Edge(bundle, 7);
        RemovalNotice? notice = null;
        EngineCheckpoint? atNotice = null;
        EngineDescription? described = null;
        var set = await engine.ApplyAsync([DeletionCommand.ForInteractions("n1", user, item)], n =>
        {
            notice = n;
            // on the engine's thread, before the embeddings: the published checkpoint already holds the removal
            atNotice = engine.CheckpointAsync().Result;
            described = engine.Describe();
        });

        Assert.NotNull(notice);
        Assert.Equal(set.Sequence, notice.Sequence);
        Assert.Equal(set.EngineVersion, notice.EngineVersion);
        Assert.Equal([user], notice.RemovedUserIds);
        Assert.Equal([item], notice.RemovedItemIds);
        Assert.NotNull(atNotice);
        Assert.Equal(set.EngineVersion, atNotice.Version);
        Assert.Equal(1, atNotice.RemovedEdgeMask.Sum(b => System.Numerics.BitOperations.PopCount(b)));
        // the description (and the served rows) still show the state before this computation at that moment
        Assert.Equal(0, described!.Version);
        Assert.Equal(atNotice.RemovedEdgeMask, (await engine.CheckpointAsync()).RemovedEdgeMask);

        // nothing removed, nothing reported
        var reported = 0;
        await engine.ApplyAsync([], _ => reported++);
        await engine.ApplyAsync([DeletionCommand.ForInteractions("bad", user, -12345)], _ => reported++);
        Assert.Equal(0, reported);
        // a repeat is reported at the current version (its removal is re-sent), and removes nothing new
        var repeat = await engine.ApplyAsync([DeletionCommand.ForInteractions("n2", user, item)], n => { notice = n; reported++; });
        Assert.Equal(1, reported);
        Assert.Equal(repeat.EngineVersion, notice.EngineVersion);
        Assert.Equal([item], notice.RemovedItemIds);
    }

    [Fact]
    public async Task AComputationThatFailsAfterReportingItsRemovalLeavesTheEngineAsItWas()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        var corrector = new FailingCorrector();
        await using var engine = InfluenceEngine.Create(bundle, Exact(), new FixedCorrectorFactory(corrector));
        var (user, item) = Edge(bundle, 11);
        var before = await engine.CheckpointAsync();
        corrector.Fail = true;
        RemovalNotice? notice = null;

        await Assert.ThrowsAsync<InvalidOperationException>(() => engine.ApplyAsync([DeletionCommand.ForInteractions("f1", user, item)], n => notice = n));

        // the caller heard of the removal (and may have made it durable) before the failure ...
        Assert.NotNull(notice);
        // ... but the engine rolled back: same checkpoint, and the retried batch applies the removal for real
        var after = await engine.CheckpointAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.RemovedEdgeMask, after.RemovedEdgeMask);
        corrector.Fail = false;
        var retried = await engine.ApplyAsync([DeletionCommand.ForInteractions("f1", user, item)]);
        Assert.Equal(1, retried.Outcomes[0].EdgesRemoved);
        Assert.Equal(notice.EngineVersion, retried.EngineVersion);
    }

    [Fact]
    public async Task RepeatedDeletionIsAppliedWithZeroEdgesAndKeepsTheVersion()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        await using var engine = InfluenceEngine.Create(bundle, Exact());
        var (user, item) = Edge(bundle, 9);
        await engine.ApplyAsync([DeletionCommand.ForInteractions("a", user, item)]);
        var before = await engine.SnapshotAsync();

        var again = await engine.ApplyAsync([DeletionCommand.ForInteractions("b", user, item)]);

        Assert.True(again.Outcomes[0].Applied);
        Assert.Equal(0, again.Outcomes[0].EdgesRemoved);
        Assert.Equal(1, again.EngineVersion);
        // the rows of the earlier deletion are re-sent (a lost dispatch heals), unchanged
        Assert.Contains(user, again.UserIds);
        var after = await engine.SnapshotAsync();
        Assert.Equal(before.UserValues, after.UserValues);
        Assert.Equal(before.ItemValues, after.ItemValues);
    }

    [Fact]
    public async Task InvalidRequestsAreRejectedAloneAndTheRestApplies()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        await using var engine = InfluenceEngine.Create(bundle, Exact());
        var (user, item) = Edge(bundle, 2);
        var (user2, item2) = Edge(bundle, 30);
        var missingItem = FirstNonInteraction(bundle, user);
        var set = await engine.ApplyAsync(
        [
            DeletionCommand.ForInteractions("ok-1", user, item),
            DeletionCommand.ForInteractions("unknown-user", 999_999, item),
            DeletionCommand.ForInteractions("unknown-item", user, 123),
            DeletionCommand.ForInteractions("not-in-graph", user, missingItem),
            DeletionCommand.ForInteractions("no-items", user),
            new DeletionCommand("", DeletionScope.Interactions, user, [item]),
            DeletionCommand.ForInteractions("ok-2", user2, item2),
        ]);

        Assert.Equal(["ok-1", "unknown-user", "unknown-item", "not-in-graph", "no-items", "", "ok-2"], set.Outcomes.Select(o => o.RequestId));
        Assert.Equal([true, false, false, false, false, false, true], set.Outcomes.Select(o => o.Applied));
        Assert.Contains("unknown user", set.Outcomes[1].Error, StringComparison.Ordinal);
        Assert.Contains("unknown item", set.Outcomes[2].Error, StringComparison.Ordinal);
        Assert.Contains("not in the training graph", set.Outcomes[3].Error, StringComparison.Ordinal);
        Assert.Equal(2, engine.Describe().ForgottenEdges);
        var snapshot = await engine.SnapshotAsync();
        AssertClose(ReferenceFinal(bundle, [(user, item), (user2, item2)]).Users, snapshot.UserValues);
    }

    [Fact]
    public async Task UserAndItemScopesRemoveEveryInteraction()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        await using var engine = InfluenceEngine.Create(bundle, Exact());
        var edges = AllEdges(bundle);
        var user = edges[0].User;
        var item = edges[^1].Item;
        var set = await engine.ApplyAsync([DeletionCommand.ForUser("u", user), DeletionCommand.ForItem("i", item)]);

        var expected = edges.Where(e => e.User == user || e.Item == item).ToList();
        Assert.Equal(expected.Count(e => e.User == user), set.Outcomes[0].EdgesRemoved);
        Assert.Equal(expected.Count, set.Outcomes.Sum(o => o.EdgesRemoved));
        var snapshot = await engine.SnapshotAsync();
        Assert.Empty(InteractionsOf(snapshot, user));
        Assert.DoesNotContain(snapshot.InteractionItemIds, i => i == item);
        AssertClose(ReferenceFinal(bundle, expected).Items, snapshot.ItemValues);
        Assert.False((await engine.ApplyAsync([new DeletionCommand("bad", DeletionScope.Item, 0, [item, item + 1])])).Outcomes[0].Applied);
    }

    [Fact]
    public async Task ConcurrentCallersGetConsistentResults()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        await using var engine = InfluenceEngine.Create(bundle, Exact());
        var edges = AllEdges(bundle).Where((_, i) => i % 7 == 0).Take(20).ToList();
        var tasks = edges.Select((e, i) => Task.Run(() => engine.ApplyAsync([DeletionCommand.ForInteractions($"c{i}", e.User, e.Item)]))).ToList();
        var sets = await Task.WhenAll(tasks);

        Assert.All(sets, s => Assert.True(s.Outcomes[0].Applied));
        Assert.Equal(20, sets.Sum(s => s.Outcomes[0].EdgesRemoved));
        // versions increase with the number of computations, never beyond one per call
        Assert.InRange(engine.Describe().Version, 1, 20);
        var snapshot = await engine.SnapshotAsync();
        AssertClose(ReferenceFinal(bundle, edges).Users, snapshot.UserValues);
    }

    [Fact]
    public async Task CheckpointRestoresTheForgottenSetInAFreshEngine()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        EngineCheckpoint checkpoint;
        EmbeddingSnapshot expected;
        await using (var engine = InfluenceEngine.Create(bundle, Exact()))
        {
            await engine.ApplyAsync([DeletionCommand.ForInteractions("a", Edge(bundle, 1).User, Edge(bundle, 1).Item)]);
            await engine.ApplyAsync([DeletionCommand.ForUser("b", Edge(bundle, 40).User)]);
            checkpoint = await engine.CheckpointAsync();
            expected = await engine.SnapshotAsync();
        }

        await using var restored = InfluenceEngine.Create(bundle, Exact());
        Assert.True(await restored.RestoreAsync(checkpoint));
        var snapshot = await restored.SnapshotAsync();
        // written while running (not at a clean stop): the restored engine resumes far above what may have been sent
        Assert.Equal(expected.EngineVersion + InfluenceEngine.VersionGapAfterUncleanStop, snapshot.EngineVersion);
        Assert.Equal(expected.UserValues, snapshot.UserValues);
        Assert.Equal(expected.InteractionItemIds, snapshot.InteractionItemIds);
        Assert.Equal((await restored.ForgottenAsync()).Count, restored.Describe().ForgottenEdges);

        var next = await restored.ApplyAsync([DeletionCommand.ForInteractions("c", Edge(bundle, 20).User, Edge(bundle, 20).Item)]);
        Assert.Equal(snapshot.EngineVersion + 1, next.EngineVersion);
        Assert.Equal(60, next.UserIds.Length); // the first computation after an unclean restore re-sends every row
    }

    [Fact]
    public async Task RestoreResendsEveryRowUnlessTheCheckpointSaysAllWereDelivered()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        EngineCheckpoint checkpoint;
        await using (var engine = InfluenceEngine.Create(bundle, Exact()))
        {
            await engine.ApplyAsync([DeletionCommand.ForInteractions("a", Edge(bundle, 3).User, Edge(bundle, 3).Item)]);
            checkpoint = await engine.CheckpointAsync();
        }

        await using var crashed = InfluenceEngine.Create(bundle, Exact());
        await crashed.RestoreAsync(checkpoint);
        var refresh = await crashed.ApplyAsync([]);
        Assert.Equal((60, 40), (refresh.UserIds.Length, refresh.ItemIds.Length));

        await using var clean = InfluenceEngine.Create(bundle, Exact());
        await clean.RestoreAsync(checkpoint with { AllRowsDelivered = true });
        var nothing = await clean.ApplyAsync([]);
        Assert.Empty(nothing.UserIds);
        Assert.Equal(checkpoint.Version, nothing.EngineVersion);
    }

    [Fact]
    public async Task CheckpointOfAnotherModelOnlyRaisesTheVersion()
    {
        var other = UntrainedBundleFactory.Synthetic(Spec with { Seed = 99 });
        EngineCheckpoint foreign;
        await using (var engine = InfluenceEngine.Create(other, Exact()))
        {
            await engine.ApplyAsync([DeletionCommand.ForInteractions("a", Edge(other, 1).User, Edge(other, 1).Item)]);
            foreign = (await engine.CheckpointAsync()) with { Version = 41 };
        }

        await using var fresh = InfluenceEngine.Create(UntrainedBundleFactory.Synthetic(Spec), Exact());
        Assert.False(await fresh.RestoreAsync(foreign));
        Assert.Equal(0, fresh.Describe().ForgottenEdges);
        Assert.Equal(42, (await fresh.SnapshotAsync()).EngineVersion);
    }

    [Fact]
    public async Task ConsolidationRefreshesEveryRowOnce()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        await using var engine = InfluenceEngine.Create(bundle, new InfluenceEngineOptions { ChangeTolerance = 1e-3f });
        Assert.Null(await engine.ConsolidateAsync());
        var (user, item) = Edge(bundle, 11);
        var set = await engine.ApplyAsync([DeletionCommand.ForInteractions("a", user, item)]);

        var refresh = await engine.ConsolidateAsync();

        Assert.NotNull(refresh);
        Assert.True(refresh.IsFullRefresh);
        Assert.Equal(set.EngineVersion + 1, refresh.EngineVersion);
        Assert.Equal(60, refresh.UserIds.Length);
        Assert.Equal(40, refresh.ItemIds.Length);
        AssertClose(ReferenceFinal(bundle, [(user, item)]).Users, refresh.UserValues);
        Assert.Null(await engine.ConsolidateAsync());
    }

    [Fact]
    public async Task FanOutCapDefersRowsAndAnEmptyComputationFlushesThem()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        await using var engine = InfluenceEngine.Create(bundle, new InfluenceEngineOptions { ChangeTolerance = 0f, MaxUserRowsPerComputation = 3, DeferNeighbourRows = false });
        var (user, item) = Edge(bundle, 17);
        var first = await engine.ApplyAsync([DeletionCommand.ForInteractions("a", user, item)]);

        Assert.Equal(3, first.UserIds.Length);
        Assert.Contains(user, first.UserIds); // the requester's own row goes first
        Assert.True(first.DeferredRows > 0);
        var served = new HashSet<long>(first.UserIds);
        var deferred = first.DeferredRows;
        while (deferred > 0)
        {
            var flush = await engine.ApplyAsync([]);
            Assert.Empty(flush.Outcomes);
            served.UnionWith(flush.UserIds);
            Assert.True(flush.DeferredRows < deferred);
            deferred = flush.DeferredRows;
        }

        var snapshot = await engine.SnapshotAsync();
        AssertClose(ReferenceFinal(bundle, [(user, item)]).Users, snapshot.UserValues);
        Assert.Empty((await engine.ApplyAsync([])).UserIds);
    }

    [Fact]
    public async Task RequestsGetTheirOwnRowsAndFlushesSendTheNeighbourhoodAfterwards()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        await using var engine = InfluenceEngine.Create(bundle, new InfluenceEngineOptions { ChangeTolerance = 0f, MaxUserRowsPerComputation = 5 });
        var (user, item) = Edge(bundle, 17);
        var set = await engine.ApplyAsync([DeletionCommand.ForInteractions("a", user, item)]);

        // the request's computation carries exactly its own user and item, at their exact new values
        Assert.Equal([user], set.UserIds);
        Assert.Equal([item], set.ItemIds);
        var reference = ReferenceFinal(bundle, [(user, item)]);
        var dense = (int)(user - Spec.UserIdBase);
        AssertClose(reference.Users.AsSpan(dense * 16, 16).ToArray(), set.UserValues);
        Assert.True(set.DeferredRows > 0);
        Assert.Equal(set.DeferredRows, engine.Describe().PendingRows);

        // empty computations (the influence grain's flushes) hand out the rest, at most 5 user rows at a time
        var pending = set.DeferredRows;
        var flushes = 0;
        while (pending > 0)
        {
            var flush = await engine.ApplyAsync([]);
            Assert.InRange(flush.UserIds.Length, 0, 5);
            Assert.True(flush.DeferredRows < pending);
            pending = flush.DeferredRows;
            Assert.Equal(pending, engine.Describe().PendingRows);
            flushes++;
        }

        Assert.True(flushes > 1);
        var snapshot = await engine.SnapshotAsync();
        AssertClose(reference.Users, snapshot.UserValues);
        AssertClose(reference.Items, snapshot.ItemValues);
    }

    [Fact]
    public async Task RequestsBetweenFlushesGetExactRowsAndOneFlushPropagatesEverything()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        await using var engine = InfluenceEngine.Create(bundle, new InfluenceEngineOptions { ChangeTolerance = 0f, MaxUserRowsPerComputation = 0 });
        var (user, item) = Edge(bundle, 17);
        var (user2, item2) = Edge(bundle, 100);
        Assert.NotEqual(user, user2);
        Assert.NotEqual(item, item2);
        await engine.ApplyAsync([DeletionCommand.ForInteractions("a", user, item)]);

        // no flush in between: the second request's rows must still reflect both removals exactly
        var second = await engine.ApplyAsync([DeletionCommand.ForInteractions("b", user2, item2)]);
        var reference = ReferenceFinal(bundle, [(user, item), (user2, item2)]);
        Assert.Equal([user2], second.UserIds);
        Assert.Equal([item2], second.ItemIds);
        var denseUser = (int)(user2 - Spec.UserIdBase);
        var denseItem = (int)(item2 - Spec.ItemIdBase);
        AssertClose(reference.Users.AsSpan(denseUser * 16, 16).ToArray(), second.UserValues);
        AssertClose(reference.Items.AsSpan(denseItem * 16, 16).ToArray(), second.ItemValues);
        Assert.True(engine.Describe().PendingRows > 0);

        // a repeat of the first request re-sends its rows at their values after both removals
        var repeat = await engine.ApplyAsync([DeletionCommand.ForInteractions("a2", user, item)]);
        Assert.Contains(user, repeat.UserIds);

        // one flush propagates once and, uncapped, sends the whole neighbourhood
        var flush = await engine.ApplyAsync([]);
        Assert.Equal(0, flush.DeferredRows);
        Assert.Equal(0, engine.Describe().PendingRows);
        var snapshot = await engine.SnapshotAsync();
        AssertClose(reference.Users, snapshot.UserValues);
        AssertClose(reference.Items, snapshot.ItemValues);
    }

    [Fact]
    public async Task AFlushQueuedWithRequestsIsNotSwallowedByTheirComputation()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        await using var engine = InfluenceEngine.Create(bundle, new InfluenceEngineOptions { ChangeTolerance = 0f, MaxUserRowsPerComputation = 0 });
        var (user, item) = Edge(bundle, 3);
        await engine.ApplyAsync([DeletionCommand.ForInteractions("a", user, item)]);
        Assert.True(engine.Describe().PendingRows > 0);

        // a flush and a new request waiting together: the request still gets only its own rows, the flush everything
        var (user2, item2) = Edge(bundle, 29);
        var flush = engine.ApplyAsync([]);
        var request = engine.ApplyAsync([DeletionCommand.ForInteractions("b", user2, item2)]);
        var (f, r) = (await flush, await request);
        Assert.NotEqual(f.Sequence, r.Sequence);
        Assert.Equal([user2], r.UserIds);
        if (f.Sequence > r.Sequence)
        {
            Assert.Equal(0, f.DeferredRows);
            Assert.Equal(0, engine.Describe().PendingRows);
        }
    }

    [Fact]
    public async Task InconsistentBundleIsAClearError()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        var wrongReadout = bundle.WithManifest(bundle.Manifest with { Model = "simgcl" });
        var error = Assert.Throws<BundleFormatException>(() => InfluenceEngine.Create(wrongReadout));
        Assert.Contains("do not match", error.Message, StringComparison.Ordinal);
        var unknown = bundle.WithManifest(bundle.Manifest with { Model = "mf" });
        Assert.Throws<BundleFormatException>(() => InfluenceEngine.Create(unknown));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task SavedBundleLoadsIntoTheEngine()
    {
        var directory = Path.Combine(Path.GetTempPath(), "unlearnrec-engine-" + Guid.NewGuid().ToString("N"));
        try
        {
            UntrainedBundleFactory.Synthetic(Spec).Save(directory);
            await using var engine = InfluenceEngine.Create(ModelBundle.Load(directory));
            Assert.Equal(60, engine.Describe().UserCount);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task QueueFullMakesCallersWaitRatherThanFail()
    {
        var bundle = UntrainedBundleFactory.Synthetic(Spec);
        await using var engine = InfluenceEngine.Create(bundle, new InfluenceEngineOptions { QueueCapacity = 1, MaxRequestsPerComputation = 1 });
        var edges = AllEdges(bundle).Take(30).ToList();
        var sets = await Task.WhenAll(edges.Select((e, i) => engine.ApplyAsync([DeletionCommand.ForInteractions($"q{i}", e.User, e.Item)])));
        Assert.Equal(30, sets.Sum(s => s.Outcomes[0].EdgesRemoved));
    }

    internal static (long User, long Item) Edge(ModelBundle bundle, int index)
    {
        var pairs = bundle.Ints(BundleArrayNames.TrainEdges);
        var users = bundle.Longs(BundleArrayNames.UserIds);
        var items = bundle.Longs(BundleArrayNames.ItemIds);
        return (users[pairs[2 * index]], items[pairs[(2 * index) + 1]]);
    }

    private static List<(long User, long Item)> AllEdges(ModelBundle bundle) =>
        Enumerable.Range(0, bundle.Ints(BundleArrayNames.TrainEdges).Length / 2).Select(i => Edge(bundle, i)).ToList();

    private static long FirstNonInteraction(ModelBundle bundle, long user)
    {
        var seen = AllEdges(bundle).Where(e => e.User == user).Select(e => e.Item).ToHashSet();
        return bundle.Longs(BundleArrayNames.ItemIds).First(i => !seen.Contains(i));
    }

    private static long[] InteractionsOf(EmbeddingSnapshot snapshot, long user)
    {
        var index = Array.IndexOf(snapshot.UserIds, user);
        return snapshot.InteractionItemIds[snapshot.InteractionPointers[index]..snapshot.InteractionPointers[index + 1]];
    }

    /// <summary>Final embeddings of the residual graph computed independently of the engine.</summary>
    private static (float[] Users, float[] Items) ReferenceFinal(ModelBundle bundle, IReadOnlyCollection<(long User, long Item)> removed)
    {
        var m = bundle.Manifest;
        var userIds = new IdMap(bundle.Longs(BundleArrayNames.UserIds));
        var itemIds = new IdMap(bundle.Longs(BundleArrayNames.ItemIds));
        var drop = removed.Select(r =>
        {
            userIds.TryGetIndex(r.User, out var u);
            itemIds.TryGetIndex(r.Item, out var v);
            return EdgeList.Key(u, v);
        }).ToHashSet();
        var pairs = bundle.Ints(BundleArrayNames.TrainEdges);
        var us = new List<int>();
        var vs = new List<int>();
        for (var e = 0; e < pairs.Length / 2; e++)
        {
            if (!drop.Contains(EdgeList.Key(pairs[2 * e], pairs[(2 * e) + 1])))
            {
                us.Add(pairs[2 * e]);
                vs.Add(pairs[(2 * e) + 1]);
            }
        }

        var graph = BipartiteGraph.Build(m.Users, m.Items, new EdgeList([.. us], [.. vs]));
        var final = GraphPropagation.FinalEmbeddings(graph.NormalizedAdjacency(), bundle.Floats(BundleArrayNames.Ego), m.Dim, m.Layers, LayerAggregation.SumWithEgo);
        return (final.AsSpan(0, m.Users * m.Dim).ToArray(), final.AsSpan(m.Users * m.Dim).ToArray());
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f, $"index {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private sealed class FailingCorrector : IEgoCorrector
    {
        private readonly ResidualOnlyCorrector _inner = new();

        public bool Fail { get; set; }

        public string Name => "failing";

        public double MaxForgetRatio => 1.0;

        public float[] Correct(UnlearningState state) => Fail ? throw new InvalidOperationException("corrector failed") : _inner.Correct(state);

        public float[]? Consolidate(UnlearningState state, CancellationToken cancellationToken) => null;
    }

    private sealed class FixedCorrectorFactory(IEgoCorrector corrector) : IEgoCorrectorFactory
    {
        public IEgoCorrector Create(ModelBundle bundle) => corrector;
    }
}
