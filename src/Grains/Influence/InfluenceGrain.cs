using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using UnlearnRec.Core.Unlearning;
using UnlearnRec.Grains.Diagnostics;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Grains.Options;
using UnlearnRec.Grains.Persistence;

namespace UnlearnRec.Grains.Influence;

/// <summary>
/// Façade over the silo's influence engine. Only gpu-role silos register this class (cpu-role silos remove it from
/// <c>GrainTypeOptions.Classes</c>), so placement can only choose a gpu silo; a single activation exists cluster-wide.
/// </summary>
/// <remarks>
/// Reentrant on purpose: batches from several partitions must reach the engine concurrently so the engine can merge
/// them. Per engine computation it (1) appends the removed interactions to its removal journal while the engine
/// computes (one small blob write, group-committed: that makes the removal durable), then (2) hands the rows and the
/// removals to the dispatcher once, however many merged callers share them, and (3) answers each caller with its own
/// outcomes. The engine checkpoint is written in the background (<see cref="InfluenceGrainOptions.CheckpointInterval"/>)
/// and each durable checkpoint drops the journal records it covers; after an unclean stop the journal is replayed on
/// top of the restored checkpoint, so no removal is lost whatever the checkpoint missed.
/// </remarks>
[Reentrant]
[KeepAlive]
[Immovable]
public sealed class InfluenceGrain(
    [PersistentState("checkpoint", StorageNames.Engine)] IPersistentState<EngineCheckpointState> checkpoint,
    [PersistentState("journal", StorageNames.Engine)] IPersistentState<RemovalJournalState> journal,
    IInfluenceEngineHost engineHost,
    IOptions<InfluenceGrainOptions> options,
    IOptions<CorrectionDispatchOptions> dispatchOptions,
    ServingReadiness readiness,
    IClusterMembershipService membership,
    UnlearnRecMetrics metrics,
    ILogger<InfluenceGrain> logger) : Grain, IInfluenceGrain
{
    private const int RememberedDeliveries = 256;
    private const string ServingLayoutVersion = "serving-layout-2";
    private readonly Dictionary<long, Task> _deliveries = [];
    private readonly Queue<long> _deliveryOrder = new();
    private readonly Dictionary<long, Task> _removals = [];
    private readonly Queue<long> _removalOrder = new();
    private readonly List<CorrectionBatch> _undelivered = [];
    private CoalescingWriter? _checkpointWriter;
    private CoalescingWriter? _journalWriter;
    private Task? _coveringWrite;
    private long _coveringVersion = -1;
    private IInfluenceEngine? _engine;
    private Task? _ready;
    private long _checkpointedVersion = -1;
    private IGrainTimer? _driftTimer;
    private int _deliveriesInFlight;
    private bool _driftPending;
    private IGrainTimer? _consolidationTimer;
    private IGrainTimer? _membershipTimer;
    private IGrainTimer? _checkpointTimer;
    private HashSet<SiloAddress> _activeSilos = [];
    private Task? _refresh;
    private bool _refreshAgain;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _checkpointWriter = new CoalescingWriter(() => WriteCheckpointAsync(allRowsDelivered: false));
        _journalWriter = new CoalescingWriter(() => journal.WriteStateAsync());
        _checkpointedVersion = checkpoint.State.Version;
        // Loading, restoring and seeding can take long: they run after activation, and every call awaits them.
        _ready = InitializeAsync();
        var interval = options.Value.ConsolidationInterval;
        if (interval > TimeSpan.Zero)
        {
            _consolidationTimer = this.RegisterGrainTimer(ConsolidateOnTimerAsync, new GrainTimerCreationOptions(interval, interval) { Interleave = true });
        }

        var every = options.Value.CheckpointInterval;
        _checkpointTimer = this.RegisterGrainTimer(CheckpointOnTimerAsync, new GrainTimerCreationOptions(every, every) { Interleave = true });
        if (options.Value.RefreshOnSiloLoss)
        {
            _activeSilos = ActiveSilos();
            var check = options.Value.MembershipCheckInterval;
            _membershipTimer = this.RegisterGrainTimer(CheckMembershipAsync, new GrainTimerCreationOptions(check, check) { Interleave = true });
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _driftTimer?.Dispose();
        _consolidationTimer?.Dispose();
        _membershipTimer?.Dispose();
        _checkpointTimer?.Dispose();
        if (options.Value.CheckpointOnDeactivation && _engine is IRecoverableInfluenceEngine && _ready is { IsCompletedSuccessfully: true }
            && _deliveriesInFlight == 0 && _undelivered.Count == 0 && _engine.Describe().PendingRows == 0)
        {
            // a clean stop: record that the targets hold everything, so the next activation need not re-send every row
            // (with neighbourhood rows still pending it is not: the next start then re-sends every row once)
            try
            {
                await WriteCheckpointAsync(allRowsDelivered: true);
            }
            catch (Exception e)
            {
                // expected in a single process whose memory storage is already gone; no stack trace for that
                InfluenceLogMessages.FinalCheckpointFailed(logger, e.Message);
            }
        }
    }

    /// <inheritdoc />
    public async Task<InfluenceBatchResult> ApplyBatchAsync(InfluenceBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var engine = await ReadyEngineAsync();
        var commands = batch.Requests.Select(CorrectionBatchFactory.ToCommand).ToList();
        var started = Stopwatch.GetTimestamp();
        // The engine reports the removal before it computes the embeddings: it is journaled meanwhile (what "forgotten
        // means gone" needs durable, and what a restarted engine replays), so after the computation only the rows and
        // the removals remain to be served, and the serving grains write those behind.
        var removed = new TaskCompletionSource<RemovalNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        var computing = engine.ApplyAsync(commands, notice => removed.TrySetResult(notice));
        var removal = await Task.WhenAny(removed.Task, computing) == removed.Task
            ? JournalRemovalAsync(removed.Task.Result)
            : Task.CompletedTask;
        CorrectionSet set;
        try
        {
            set = await computing;
        }
        catch
        {
            // the removal may be durable already; the partition retries the batch, which applies it again
            await removal.ContinueWith(static _ => { }, TaskScheduler.Current);
            throw;
        }

        var engineMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (commands.Count > 0)
        {
            // an empty batch is a silo warming its path to this grain (DeletionPartitionWarmUpService), not traffic
            metrics.InfluenceLatencyMs.Record(engineMs);
            metrics.InfluenceBatchSize.Record(commands.Count);
        }
        var delivering = Stopwatch.GetTimestamp();
        await Task.WhenAll(removal, DeliverAsync(set));
        InfluenceLogMessages.BatchApplied(logger, batch.Partition, batch.BatchSequence, commands.Count, set.EngineVersion, set.UserIds.Length, set.ItemIds.Length, engineMs, set.ComputeMilliseconds, Stopwatch.GetElapsedTime(delivering).TotalMilliseconds);
        return new InfluenceBatchResult(
            set.EngineVersion,
            set.Outcomes.Select(o => new RequestOutcome(o.RequestId, o.Applied, o.Error, o.EdgesRemoved)).ToArray());
    }

    /// <inheritdoc />
    public async Task<EngineStatus> EnsureSeededAsync()
    {
        await ReadyEngineAsync();
        return await DescribeAsync();
    }

    /// <inheritdoc />
    public async Task<EngineStatus> DescribeAsync()
    {
        var engine = await ReadyEngineAsync();
        var d = engine.Describe();
        return new EngineStatus
        {
            Model = d.Model,
            Dataset = d.Dataset,
            Users = d.UserCount,
            Items = d.ItemCount,
            Dim = d.Dim,
            Version = d.Version,
            ForgottenEdges = d.ForgottenEdges,
            TrainEdges = d.TrainEdges,
            PretrainedForgetRatio = d.PretrainedForgetRatio,
            Device = d.Device,
            Silo = RuntimeIdentity,
            Seeded = checkpoint.State.SeededFingerprint == SeedMarker(engine),
            ModelFingerprint = Fingerprint(engine),
            CheckpointVersion = _checkpointedVersion,
            PendingRows = d.PendingRows + _undelivered.Sum(b => b.Users.Count + b.Items.Count),
        };
    }

    /// <inheritdoc />
    public async Task<long?> ConsolidateAsync()
    {
        var engine = await ReadyEngineAsync();
        var refresh = await engine.ConsolidateAsync();
        if (refresh is null)
        {
            return null;
        }

        await DeliverAsync(refresh);
        InfluenceLogMessages.Consolidated(logger, refresh.EngineVersion, refresh.UserIds.Length, refresh.ItemIds.Length);
        return refresh.EngineVersion;
    }

    /// <inheritdoc />
    public async Task<ForgottenInteractionList> GetForgottenAsync()
    {
        var engine = await ReadyEngineAsync();
        if (engine is not IRecoverableInfluenceEngine recoverable)
        {
            throw new NotSupportedException("the loaded engine does not report its forgotten set");
        }

        var pairs = await recoverable.ForgottenAsync();
        return new ForgottenInteractionList(pairs.UserIds, pairs.ItemIds);
    }

    /// <inheritdoc />
    public async Task<ServedModelIds> GetModelIdsAsync()
    {
        var engine = await ReadyEngineAsync();
        var snapshot = await engine.SnapshotAsync();
        return new ServedModelIds(snapshot.UserIds, snapshot.ItemIds);
    }

    private async Task<IInfluenceEngine> ReadyEngineAsync()
    {
        var ready = _ready ??= InitializeAsync();
        try
        {
            await ready;
        }
        catch
        {
            // let the next call try again (e.g. storage was briefly unavailable)
            if (ReferenceEquals(_ready, ready))
            {
                _ready = null;
            }

            throw;
        }

        return _engine!;
    }

    private async Task InitializeAsync()
    {
        try
        {
            var engine = await engineHost.GetEngineAsync(CancellationToken.None);
            var state = checkpoint.State;
            if (engine is IRecoverableInfluenceEngine recoverable)
            {
                if (state.ModelFingerprint is not null && state.Version >= 0)
                {
                    var restored = await recoverable.RestoreAsync(new EngineCheckpoint
                    {
                        ModelFingerprint = state.ModelFingerprint,
                        Version = state.Version,
                        TrainEdgeCount = state.TrainEdgeCount,
                        RemovedEdgeMask = state.RemovedEdgeMask,
                        Consolidated = state.Consolidated,
                        AllRowsDelivered = state.AllRowsDelivered,
                    });
                    if (restored)
                    {
                        InfluenceLogMessages.Restored(logger, state.Version, engine.Describe().ForgottenEdges);
                    }
                    else
                    {
                        InfluenceLogMessages.ForeignCheckpoint(logger, state.ModelFingerprint, recoverable.ModelFingerprint, engine.Describe().Version);
                    }
                }
            }
            else
            {
                InfluenceLogMessages.NotRecoverable(logger, engine.GetType().Name);
            }

            _engine = engine;
            var fingerprint = Fingerprint(engine);
            var seeding = state.SeededFingerprint != SeedMarker(engine);
            if (seeding)
            {
                await SeedAsync(engine, SeedMarker(engine));
            }
            else if (engine is IRecoverableInfluenceEngine && !state.AllRowsDelivered)
            {
                // an unclean stop: the checkpoint may predate removals that were journaled and reported applied, and
                // the serving grains of the lost silo come back from what they had written behind. Forget the journal
                // again, then send every served row and interaction list before serving anything.
                await ReplayJournalAsync(engine);
                var refresh = await engine.SnapshotAsync();
                await DispatchSnapshotAsync(refresh);
            }

            // A clean stop of this silo says nothing about the others: a silo that left while no influence grain watched
            // the membership took what its grains had not yet written behind, and those grains came back elsewhere from
            // older states. Every row and list goes out again in the background; targets ignore what they already hold.
            var refreshInBackground = !seeding && engine is IRecoverableInfluenceEngine && state.AllRowsDelivered && options.Value.RefreshOnSiloLoss;
            if (engine is IRecoverableInfluenceEngine && state.AllRowsDelivered)
            {
                // "stopped cleanly" must not outlive this start: checkpoints are written in the background from here on,
                // so should this silo die before the next one, the start after it must know to reconcile
                await _checkpointWriter!.WriteAsync();
            }

            readiness.MarkSeeded(fingerprint);
            if (refreshInBackground)
            {
                _refresh = RefreshTargetsAsync();
            }

            // rows a restored checkpoint must re-send go out in the background, not in the way of new deletions
            ScheduleDriftFlush();
        }
        catch (Exception e)
        {
            InfluenceLogMessages.InitializationFailed(logger, e);
            throw;
        }
    }

    private async Task SeedAsync(IInfluenceEngine engine, string seedMarker)
    {
        var started = Stopwatch.GetTimestamp();
        var snapshot = await engine.SnapshotAsync();
        InfluenceLogMessages.SeedingStarted(logger, snapshot.UserIds.Length, snapshot.ItemIds.Length, snapshot.EngineVersion);
        await DispatchSnapshotAsync(snapshot);
        checkpoint.State.SeededFingerprint = seedMarker;
        await _checkpointWriter!.WriteAsync();
        InfluenceLogMessages.SeedingCompleted(logger, snapshot.UserIds.Length, snapshot.ItemIds.Length, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    // Every row and interaction list of a snapshot, to every user and shard (seeding, and the refresh after a silo was
    // lost). The checkpoint goes first: rows of this version must never be served ahead of a durable engine state.
    private async Task DispatchSnapshotAsync(EmbeddingSnapshot snapshot)
    {
        await EnsureCheckpointAsync(snapshot.EngineVersion);
        var dispatcher = GrainFactory.GetGrain<ICorrectionDispatcherGrain>(GrainKeys.StatelessWorker);
        foreach (var batch in CorrectionBatchFactory.Seed(snapshot, dispatchOptions.Value.SeedChunkUsers))
        {
            await dispatcher.DispatchAsync(batch);
        }
    }

    // Callers whose batches were merged into one computation share one task per computation (its removal write, its
    // delivery), remembered for the last RememberedDeliveries computations.
    private static Task SharedBySequence(Dictionary<long, Task> tasks, Queue<long> order, long sequence, Func<Task> start)
    {
        if (!tasks.TryGetValue(sequence, out var task))
        {
            task = start();
            tasks[sequence] = task;
            order.Enqueue(sequence);
            while (order.Count > RememberedDeliveries)
            {
                tasks.Remove(order.Dequeue());
            }
        }

        return task;
    }

    private Task JournalRemovalAsync(RemovalNotice notice) =>
        SharedBySequence(_removals, _removalOrder, notice.Sequence, () => JournalRemovalOnceAsync(notice));

    // One record per computation, however many merged callers share it; the write is group-committed (one in flight,
    // everything appended meanwhile goes with the next), so under load it costs one small blob write per computation
    // instead of one interaction-list write per user. Once it is durable the removal survives any crash: the serving
    // grains get the removals with the rows and write them behind.
    private Task JournalRemovalOnceAsync(RemovalNotice notice)
    {
        if (notice.RemovedUserIds.Length == 0)
        {
            return Task.CompletedTask;
        }

        journal.State.Records.Add(new RemovalJournalRecord(notice.EngineVersion, notice.RemovedUserIds, notice.RemovedItemIds));
        return _journalWriter!.WriteAsync();
    }

    // After an unclean stop the checkpoint (written every CheckpointInterval) can miss the last removals: the journal
    // holds every removal since the last durable checkpoint (and perhaps older ones, which are no-ops). They are forgotten
    // again before anything else is served (the caller then sends every row and interaction list, and the snapshot's
    // checkpoint drops the replayed records). O(removals since the checkpoint) engine work.
    private async Task ReplayJournalAsync(IInfluenceEngine engine)
    {
        const int MaxItemsPerCommand = 1000;
        var started = Stopwatch.GetTimestamp();
        var records = journal.State.Records;
        var byUser = new Dictionary<long, HashSet<long>>();
        foreach (var record in records)
        {
            for (var i = 0; i < record.UserIds.Length; i++)
            {
                if (!byUser.TryGetValue(record.UserIds[i], out var items))
                {
                    byUser[record.UserIds[i]] = items = [];
                }

                items.Add(record.ItemIds[i]);
            }
        }

        var commands = new List<DeletionCommand>();
        var edges = 0;
        var version = engine.Describe().Version;
        foreach (var (user, items) in byUser)
        {
            edges += items.Count;
            foreach (var part in items.Order().Chunk(MaxItemsPerCommand))
            {
                commands.Add(DeletionCommand.ForInteractions($"journal-{version}-{user}-{commands.Count}", user, part));
            }
        }

        if (commands.Count > 0)
        {
            var set = await engine.ApplyAsync(commands);
            var failed = set.Outcomes.Count(o => !o.Applied);
            if (failed > 0)
            {
                // only possible for a journal of another model (the checkpoint was foreign and the grains re-seeded)
                InfluenceLogMessages.JournalEntriesRejected(logger, failed, set.Outcomes.First(o => !o.Applied).Error ?? "rejected");
            }
        }

        InfluenceLogMessages.JournalReplayed(logger, edges, records.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private Task DeliverAsync(CorrectionSet set)
    {
        if (set.DeferredRows > 0)
        {
            ScheduleDriftFlush();
        }

        return SharedBySequence(_deliveries, _deliveryOrder, set.Sequence, () => DeliverOnceAsync(set));
    }

    private async Task DeliverOnceAsync(CorrectionSet set)
    {
        _deliveriesInFlight++;
        try
        {
            await DeliverCoreAsync(set);
        }
        finally
        {
            _deliveriesInFlight--;
        }
    }

    private async Task DeliverCoreAsync(CorrectionSet set)
    {
        // Rows may reach the targets ahead of the checkpoint (written in the background): if the silo dies, targets can
        // hold rows of versions the restored engine does not know, so the engine resumes well above them and re-sends
        // every row (see InfluenceEngine.Restore), and the removals behind them are recovered from the removal
        // journal (ReplayJournalAsync). Consolidation does wait for its checkpoint, so a restart resumes
        // from the fine-tuned state.
        var checkpointed = set.IsFullRefresh ? EnsureCheckpointAsync(set.EngineVersion) : Task.CompletedTask;
        try
        {
            await RedeliverAsync();
            if (set.UserIds.Length + set.ItemIds.Length + set.RemovedUserIds.Length == 0)
            {
                return;
            }

            var batch = CorrectionBatchFactory.FromCorrectionSet(set);
            try
            {
                await GrainFactory.GetGrain<ICorrectionDispatcherGrain>(GrainKeys.StatelessWorker).DispatchAsync(batch);
            }
            catch
            {
                // The callers retry their batches, but the engine will not recompute these rows (nothing changes for
                // it): keep them, and deliver them before anything newer is acknowledged.
                _undelivered.Add(batch);
                throw;
            }
        }
        finally
        {
            await checkpointed;
        }
    }

    private async Task RedeliverAsync()
    {
        while (_undelivered.Count > 0)
        {
            var batch = _undelivered[0];
            // absolute rows with their version: a newer row already at a target wins, so late delivery is harmless
            await GrainFactory.GetGrain<ICorrectionDispatcherGrain>(GrainKeys.StatelessWorker).DispatchAsync(batch);
            _undelivered.Remove(batch);
        }
    }

    private Task EnsureCheckpointAsync(long version)
    {
        if (_checkpointedVersion >= version || _engine is not IRecoverableInfluenceEngine)
        {
            return Task.CompletedTask;
        }

        // A write requested for this version or a newer one covers it (it reads the engine's checkpoint when it starts,
        // after that version was published): share it rather than queue a second write behind it.
        if (_coveringWrite is { IsFaulted: false, IsCanceled: false } covering && _coveringVersion >= version)
        {
            return covering;
        }

        _coveringWrite = _checkpointWriter!.WriteAsync();
        _coveringVersion = version;
        return _coveringWrite;
    }

    private async Task WriteCheckpointAsync(bool allRowsDelivered)
    {
        if (_engine is IRecoverableInfluenceEngine recoverable)
        {
            var cp = await recoverable.CheckpointAsync();
            var state = checkpoint.State;
            state.ModelFingerprint = cp.ModelFingerprint;
            state.Version = cp.Version;
            state.TrainEdgeCount = cp.TrainEdgeCount;
            state.RemovedEdgeMask = cp.RemovedEdgeMask;
            state.Consolidated = cp.Consolidated;
            state.AllRowsDelivered = allRowsDelivered;
            var started = Stopwatch.GetTimestamp();
            await checkpoint.WriteStateAsync();
            _checkpointedVersion = cp.Version;
            InfluenceLogMessages.CheckpointWritten(logger, cp.Version, cp.RemovedEdgeMask.Length, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            TruncateJournal(cp.Version);
        }
        else
        {
            await checkpoint.WriteStateAsync();
        }
    }

    // A durable checkpoint covers every journaled removal up to its version: drop those records. The next append writes
    // the shorter journal (no write of its own: until then the stored records replay as no-ops, and an idle journal does
    // not grow).
    private void TruncateJournal(long checkpointedVersion) =>
        journal.State.Records.RemoveAll(r => r.EngineVersion <= checkpointedVersion);

    private async Task CheckpointOnTimerAsync(CancellationToken cancellationToken)
    {
        if (_ready is not { IsCompletedSuccessfully: true } || _engine is not IRecoverableInfluenceEngine recoverable)
        {
            return;
        }

        try
        {
            var published = await recoverable.CheckpointAsync(cancellationToken);
            await EnsureCheckpointAsync(published.Version);
        }
        catch (Exception e)
        {
            InfluenceLogMessages.BackgroundCheckpointFailed(logger, e);
        }
    }

    private void ScheduleDriftFlush()
    {
        _driftPending = true;
        // one-shot timer; a flush that is running re-arms it when it finishes (see FlushDriftAsync)
        _driftTimer ??= this.RegisterGrainTimer(
            FlushDriftAsync,
            new GrainTimerCreationOptions(options.Value.DriftFlushDelay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    private async Task FlushDriftAsync(CancellationToken cancellationToken)
    {
        _driftPending = false;
        try
        {
            var engine = await ReadyEngineAsync();
            // not the timer's token: it is cancelled when the timer is disposed, which this method does below
            await DeliverAsync(await engine.ApplyAsync([], CancellationToken.None));
        }
        catch (Exception e)
        {
            InfluenceLogMessages.DriftFlushFailed(logger, e);
            _driftPending = true;
        }
        finally
        {
            _driftTimer?.Dispose();
            _driftTimer = null;
            if (_driftPending)
            {
                ScheduleDriftFlush();
            }
        }
    }

    // Every silo not yet dead, whatever its stage: a silo killed while it was still joining or already stopping must
    // be noticed too. (Counting only Active ones missed a kill whose membership entry passed through ShuttingDown
    // between two checks: it had left the set before it was declared dead.)
    private HashSet<SiloAddress> ActiveSilos() =>
        membership.CurrentSnapshot.Members.Values.Where(m => m.Status is not (SiloStatus.Dead or SiloStatus.None)).Select(m => m.SiloAddress).ToHashSet();

    // User grains and item shards write embedding rows behind (ServingPersistenceOptions): a silo that left may have
    // taken rows that were served but not yet written, and its grains come back elsewhere from older states. Every
    // row goes out again at the current version; targets that already hold it ignore it.
    private Task CheckMembershipAsync(CancellationToken cancellationToken)
    {
        var members = membership.CurrentSnapshot.Members;
        var lost = _activeSilos.Where(s => !members.TryGetValue(s, out var m) || m.Status is SiloStatus.Dead or SiloStatus.None).ToList();
        _activeSilos = ActiveSilos();
        if (lost.Count == 0 || _ready is not { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        InfluenceLogMessages.SiloLost(logger, string.Join(", ", lost));
        if (_refresh is { IsCompleted: false })
        {
            _refreshAgain = true;
            return Task.CompletedTask;
        }

        _refresh = RefreshTargetsAsync();
        return Task.CompletedTask;
    }

    private async Task RefreshTargetsAsync()
    {
        // also started from InitializeAsync, which ReadyEngineAsync below awaits: let the turn that assigns _ready end
        // first, so the refresh can never start a second initialization
        await Task.Yield();
        do
        {
            _refreshAgain = false;
            try
            {
                var started = Stopwatch.GetTimestamp();
                var engine = await ReadyEngineAsync();
                var snapshot = await engine.SnapshotAsync();
                await DispatchSnapshotAsync(snapshot);
                InfluenceLogMessages.Refreshed(logger, snapshot.UserIds.Length, snapshot.ItemIds.Length, snapshot.EngineVersion, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception e)
            {
                InfluenceLogMessages.RefreshFailed(logger, e);
                _refreshAgain = true;
                await Task.Delay(options.Value.MembershipCheckInterval);
            }
        }
        while (_refreshAgain);
    }

    private async Task ConsolidateOnTimerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ConsolidateAsync();
        }
        catch (Exception e)
        {
            InfluenceLogMessages.ConsolidationFailed(logger, e);
        }
    }

    // What "seeded" refers to: the model, and the layout the serving grains store their state in. Bumping the layout
    // (as when user states moved to the batched Table storage, in a new table) or changing where the configured
    // storage keeps them (the users' buckets or tables) makes the deployment re-seed once.
    private string SeedMarker(IInfluenceEngine engine) => InfluenceSeedMarker.Of(Fingerprint(engine), ServingLayoutVersion, options.Value.ServingStorageLayout);

    private static string Fingerprint(IInfluenceEngine engine) => engine is IRecoverableInfluenceEngine r
        ? r.ModelFingerprint
        : $"{engine.Describe().Model}:{engine.Describe().Dataset}:{engine.Describe().UserCount}x{engine.Describe().ItemCount}";
}
