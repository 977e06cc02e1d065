using System.Diagnostics;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Threading.Channels;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Embeddings;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Unlearning;

namespace UnlearnRec.Model.Engine;

/// <summary>
/// The influence engine of the online system (architecture.md §3): owns the residual graph, the cumulative forgotten
/// set, E0, Ē and the ego corrector on <b>one dedicated thread</b> behind a bounded channel. Callers on any thread
/// enqueue jobs and await their completion; a full queue makes them wait (backpressure). Consecutive deletion jobs
/// waiting in the queue are merged into one computation.
/// </summary>
/// <remarks>
/// Per computation: validate every request (a bad one is rejected alone), remove the new edges from the residual
/// graph, ask the corrector for Ẽ0 for the whole forgotten set (always against the original E0/Ē, method.md §5.3),
/// propagate Ẽ0 on the residual graph, and return every row whose value moved beyond the tolerance since it was last
/// sent, as absolute values tagged with a new engine version. The propagation is recomputed for all nodes: it is
/// exact, costs O(layers · edges · dim), and a deletion changes rows up to <c>layers</c> hops away anyway.
/// </remarks>
public sealed class InfluenceEngine : IRecoverableInfluenceEngine
{
    /// <summary>
    /// Versions skipped when restoring a checkpoint written while deliveries were under way: far more than can be in
    /// flight at once (one batch per partition plus flushes), so every row sent after the restore is newer.
    /// </summary>
    public const long VersionGapAfterUncleanStop = 1_000_000;

    private readonly InfluenceEngineOptions _options;
    private readonly Channel<EngineJob> _jobs;
    private readonly Thread _thread;

    // The model as loaded: immutable.
    private readonly IdMap _users;
    private readonly IdMap _items;
    private readonly int _dim;
    private readonly int _layers;
    private readonly LayerAggregation _aggregation;
    private readonly float[] _ego;
    private readonly float[] _originalFinal;
    private readonly BipartiteGraph _original;
    private readonly IEgoCorrector _corrector;
    private readonly string _modelName;
    private readonly string _dataset;
    private readonly float _absoluteTolerance;

    // Mutable state: touched only on the engine thread (and in the constructor, before the thread starts).
    private readonly bool[] _removed;
    // the positions flagged in _removed, ascending: the forgotten set and the checkpoint mask are built from it in
    // O(forgotten) instead of scanning every training edge (800 k on ml-1m) per computation
    private int[] _removedPositions = [];
    private BipartiteGraph? _residual;
    private readonly ResidualAdjacency _adjacency;
    private float[] _latest;
    // Ẽ0 of the current forgotten set, and whether _latest still waits for its full propagation (request computations
    // compute their own rows exactly by pulling and leave the rest of the graph to the next flush)
    private float[] _currentEgo = [];
    private bool _propagationPending;
    // Ẽ0 arrays of request computations, recycled: the one the last request computation got from the corrector, and
    // the one before it, which nothing reads any more and the next request computation hands back to be overwritten
    private float[]? _requestEgo;
    private float[]? _spareEgo;
    private readonly float[] _served;
    private long _version;
    private long _sequence;
    private int _removedAtLastConsolidation;
    private bool _consolidated;
    private bool _fullRefreshPending;
    private int _pendingRows;
    private float[]? _spareFinal;
    private float[]? _propagationA;
    private float[]? _propagationB;
    private volatile EngineDescription _description;
    private volatile EngineCheckpoint _checkpoint;
    private volatile bool _disposed;

    private InfluenceEngine(ModelBundle bundle, InfluenceEngineOptions options, IEgoCorrectorFactory correctorFactory)
    {
        _options = options;
        var manifest = bundle.Manifest;
        if (manifest.Users <= 0 || manifest.Items <= 0 || manifest.Dim <= 0 || manifest.Layers < 0)
        {
            throw new BundleFormatException(
                $"bundle manifest declares {manifest.Users} users, {manifest.Items} items, dim {manifest.Dim}, {manifest.Layers} layers: a servable model needs users, items and dim > 0");
        }

        _modelName = manifest.Model;
        _dataset = manifest.Dataset;
        _aggregation = BackboneReadout.For(manifest.Model);
        _dim = manifest.Dim;
        _layers = manifest.Layers;
        var nodes = (long)manifest.Users + manifest.Items;
        _users = BuildIdMap(bundle.Longs(BundleArrayNames.UserIds, manifest.Users), "user");
        _items = BuildIdMap(bundle.Longs(BundleArrayNames.ItemIds, manifest.Items), "item");
        _ego = bundle.Floats(BundleArrayNames.Ego, nodes, _dim);
        _originalFinal = bundle.Floats(BundleArrayNames.Final, nodes, _dim);
        _original = BuildGraph(manifest.Users, manifest.Items, bundle.Ints(BundleArrayNames.TrainEdges, -1, 2), BundleArrayNames.TrainEdges);
        ModelFingerprint = Fingerprint(bundle);
        _corrector = correctorFactory.Create(bundle) ?? throw new InvalidOperationException("the ego-corrector factory returned null");

        CheckFinalEmbeddings();
        _absoluteTolerance = options.ChangeTolerance * Math.Abs(TensorPrimitives.MaxMagnitude(_originalFinal));

        _removed = new bool[_original.EdgeCount];
        if (bundle.Has(BundleArrayNames.ForgottenEdges))
        {
            // a bundle written after an offline unlearning run starts with those interactions already forgotten
            var forgotten = bundle.Ints(BundleArrayNames.ForgottenEdges, -1, 2);
            for (var e = 0; e < forgotten.Length / 2; e++)
            {
                var position = EdgePosition(forgotten[2 * e], forgotten[(2 * e) + 1]);
                if (position < 0)
                {
                    throw new BundleFormatException($"bundle array '{BundleArrayNames.ForgottenEdges}' lists ({forgotten[2 * e]}, {forgotten[(2 * e) + 1]}), which is not a training interaction");
                }

                _removed[position] = true;
            }
        }

        _adjacency = new ResidualAdjacency(_original, _removed);
        SyncRemovedPositions();
        _latest = ComputeFinal(_corrector.Correct(CreateState()));
        _served = (float[])_latest.Clone();
        _removedAtLastConsolidation = RemovedCount;
        _checkpoint = BuildCheckpoint();
        _description = BuildDescription();

        _jobs = Channel.CreateBounded<EngineJob>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _thread = new Thread(RunLoop) { IsBackground = true, Name = "unlearnrec-influence-engine" };
        _thread.Start();
    }

    /// <inheritdoc />
    public string ModelFingerprint { get; }

    /// <summary>
    /// Loads a bundle (arrays <c>user_ids</c>, <c>item_ids</c>, <c>train_edges</c>, <c>ego</c>, <c>final</c>; manifest
    /// model, dim, layers), checks that its parts agree, and starts the engine thread.
    /// </summary>
    /// <exception cref="BundleFormatException">The bundle is incomplete or inconsistent.</exception>
    public static InfluenceEngine Create(ModelBundle bundle, InfluenceEngineOptions? options = null, IEgoCorrectorFactory? correctorFactory = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        options ??= new InfluenceEngineOptions();
        options.Validate();
        return new InfluenceEngine(bundle, options, correctorFactory ?? new ResidualOnlyCorrectorFactory());
    }

    /// <inheritdoc />
    public EngineDescription Describe() => _description;

    /// <summary>Name of the corrector that computes Ẽ0 ("influence-encoder" or "residual-only"), for logs.</summary>
    public string CorrectorName => _corrector.Name;

    /// <inheritdoc />
    public Task<CorrectionSet> ApplyAsync(IReadOnlyList<DeletionCommand> commands, CancellationToken cancellationToken = default) =>
        ApplyAsync(commands, null, cancellationToken);

    /// <inheritdoc />
    public Task<CorrectionSet> ApplyAsync(IReadOnlyList<DeletionCommand> commands, Action<RemovalNotice>? removed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        return EnqueueAsync(new ApplyJob(commands, removed, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<EmbeddingSnapshot> SnapshotAsync(CancellationToken cancellationToken = default) =>
        EnqueueAsync(new FuncJob<EmbeddingSnapshot>(BuildSnapshot, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<CorrectionSet?> ConsolidateAsync(CancellationToken cancellationToken = default) =>
        EnqueueAsync(new FuncJob<CorrectionSet?>(() => Published(() => Consolidate(cancellationToken)), cancellationToken), cancellationToken);

    /// <summary>
    /// The engine state after the last completed computation, consolidation or restore. It does not wait in the
    /// engine's queue: the state is published by the engine thread as each of those completes, so a delivery's
    /// checkpoint write never waits for the next computation to finish.
    /// </summary>
    public Task<EngineCheckpoint> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_checkpoint);
    }

    /// <inheritdoc />
    public Task<bool> RestoreAsync(EngineCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return EnqueueAsync(new FuncJob<bool>(() => Published(() => Restore(checkpoint)), cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<InteractionPairs> ForgottenAsync(CancellationToken cancellationToken = default) =>
        EnqueueAsync(new FuncJob<InteractionPairs>(BuildForgotten, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _jobs.Writer.TryComplete();
        // Joining blocks, so do it off the caller's thread (which may be a grain or request thread).
        await Task.Run(() => _thread.Join(TimeSpan.FromSeconds(30))).ConfigureAwait(false);
    }

    private async Task<T> EnqueueAsync<T>(EngineJob<T> job, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            await _jobs.Writer.WriteAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new ObjectDisposedException("the influence engine has been disposed", e);
        }

        return await job.Completion.Task.ConfigureAwait(false);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Engine thread
    // ---------------------------------------------------------------------------------------------------------

    private void RunLoop()
    {
        var reader = _jobs.Reader;
        // This is a dedicated thread that owns the model, so blocking while the queue is empty is intended: no pool
        // thread is held and tensor-library thread-local state (dispose scopes, grad mode) stays on one thread.
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            // Take everything that is waiting. Deletion jobs are merged into one computation; the small jobs
            // (checkpoint, snapshot, restore, …) run first, so they never split a merge. Running them before the
            // merged deletions is safe: each only needs the state its caller already saw, and gets that or newer.
            var applies = new List<ApplyJob>();
            var others = new List<EngineJob>();
            var requests = 0;
            while (reader.TryPeek(out var next))
            {
                if (next is ApplyJob apply)
                {
                    if (applies.Count > 0 && requests + apply.Commands.Count > _options.MaxRequestsPerComputation)
                    {
                        break;
                    }

                    applies.Add(apply);
                    requests += apply.Commands.Count;
                }
                else
                {
                    others.Add(next);
                }

                reader.TryRead(out _);
            }

            foreach (var job in others)
            {
                if (_disposed)
                {
                    job.Fail(new ObjectDisposedException("the influence engine has been disposed"));
                }
                else
                {
                    job.Run();
                }
            }

            // Requests and flushes (empty jobs) are separate computations: a request computation sends only its own
            // rows (when neighbour rows are deferred), so a flush merged into it would never deliver anything.
            foreach (var group in new[] { applies.FindAll(j => j.Commands.Count > 0), applies.FindAll(j => j.Commands.Count == 0) })
            {
                if (group.Count == 0)
                {
                    continue;
                }

                if (_disposed)
                {
                    group.ForEach(j => j.Fail(new ObjectDisposedException("the influence engine has been disposed")));
                }
                else
                {
                    RunApply(group);
                }
            }
        }

        while (reader.TryRead(out var leftover))
        {
            leftover.Fail(new ObjectDisposedException("the influence engine has been disposed"));
        }
    }

    private void RunApply(List<ApplyJob> jobs)
    {
        var live = new List<ApplyJob>(jobs.Count);
        foreach (var job in jobs)
        {
            if (job.CancellationToken.IsCancellationRequested)
            {
                job.Completion.TrySetCanceled(job.CancellationToken);
            }
            else
            {
                live.Add(job);
            }
        }

        if (live.Count == 0)
        {
            return;
        }

        CorrectionSet[]? sets = null;
        Exception? failure = null;
        try
        {
            sets = Apply(live);
        }
        catch (Exception e)
        {
            failure = e;
        }

        // published before the callers resume, whatever the outcome: whoever awaited a computation and then describes
        // the engine sees its version and pending rows, not the state before it
        _description = BuildDescription();
        for (var i = 0; i < live.Count; i++)
        {
            if (failure is null)
            {
                live[i].Completion.TrySetResult(sets![i]);
            }
            else
            {
                live[i].Completion.TrySetException(failure);
            }
        }
    }

    private CorrectionSet[] Apply(List<ApplyJob> jobs)
    {
        var started = Stopwatch.GetTimestamp();
        var batch = new BatchAccumulator(this);
        var outcomes = new List<DeletionOutcome>[jobs.Count];
        for (var j = 0; j < jobs.Count; j++)
        {
            outcomes[j] = new List<DeletionOutcome>(jobs[j].Commands.Count);
            foreach (var command in jobs[j].Commands)
            {
                outcomes[j].Add(batch.Add(command));
            }
        }

        var newVersion = _version + 1;
        var (removedUsers, removedItems) = ToOriginalPairs(batch.RemovedForTargets);
        // Requests wait for their computation's delivery: with deferral it carries only the requests' own rows, and
        // the neighbourhood follows in flush computations (empty jobs) that nobody waits for.
        var neighbours = !_options.DeferNeighbourRows || jobs.TrueForAll(j => j.Commands.Count == 0);
        var pullOwnRows = !neighbours && !_fullRefreshPending;
        var egoBefore = _currentEgo;
        var pendingBefore = _propagationPending;
        if (batch.NewlyRemoved.Count > 0)
        {
            foreach (var position in batch.NewlyRemoved)
            {
                _removed[position] = true;
            }

            var positionsBefore = _removedPositions;
            _removedPositions = MergeSorted(_removedPositions, batch.NewlyRemoved);
            var adjacencyUpdated = false;
            try
            {
                _residual = null;
                _adjacency.Update(batch.NewlyRemoved, _removed);
                adjacencyUpdated = true;
                // the removal is final from here on: publish the checkpoint that covers it (at the version the rows will
                // carry) and tell the callers, who make it durable while the embeddings are computed
                _checkpoint = BuildCheckpoint(newVersion);
                NotifyRemoved(jobs, _sequence + 1, newVersion, removedUsers, removedItems);
                var corrected = _corrector.Correct(CreateState(), _spareEgo);
                // only an array this path got from the corrector is free once replaced (others may be the corrector's own)
                _spareEgo = ReferenceEquals(egoBefore, _requestEgo) && !ReferenceEquals(egoBefore, corrected) ? egoBefore : null;
                _requestEgo = corrected;
                if (pullOwnRows)
                {
                    // the requests wait only for their own rows: those are pulled below, and the full propagation is
                    // left to the next flush (one per flush however many request computations came before it)
                    _currentEgo = CheckCorrected(corrected);
                    _propagationPending = true;
                }
                else
                {
                    _latest = ComputeFinal(corrected);
                }
            }
            catch
            {
                _currentEgo = egoBefore;
                _propagationPending = pendingBefore;
                // the corrector may keep what it returned: recycle nothing from this computation
                _spareEgo = null;
                _requestEgo = null;
                // leave the engine exactly as it was: the batch is reported failed and will be retried
                foreach (var position in batch.NewlyRemoved)
                {
                    _removed[position] = false;
                }

                _removedPositions = positionsBefore;
                _residual = null;
                if (adjacencyUpdated)
                {
                    _adjacency.Update(batch.NewlyRemoved, _removed);
                }

                _checkpoint = BuildCheckpoint();
                throw;
            }
        }
        else if (removedUsers.Length > 0)
        {
            // only interactions forgotten before: nothing to compute, but the callers re-send the removals all the same
            NotifyRemoved(jobs, _sequence + 1, _version, removedUsers, removedItems);
        }

        RowSelection selection;
        if (_propagationPending && pullOwnRows)
        {
            selection = SelectPulledEndpointRows(batch.EndpointNodes);
        }
        else
        {
            if (_propagationPending)
            {
                _latest = ComputeFinal(_currentEgo);
            }

            selection = SelectChangedRows(batch.EndpointNodes, neighbours);
        }

        _pendingRows = selection.Deferred;
        var bumped = batch.NewlyRemoved.Count > 0 || selection.Rows.Count > 0;
        if (bumped)
        {
            _version = newVersion;
            foreach (var row in selection.Rows)
            {
                _latest.AsSpan(row * _dim, _dim).CopyTo(_served.AsSpan(row * _dim, _dim));
            }
        }

        // A request whose edges were already forgotten is applied again as a no-op; its own rows are re-sent at their
        // current values so that, whatever happened to an earlier delivery, they are up to date once it reports applied.
        // (Rows further away are re-sent wholesale after an engine restore: see Restore.)
        var rows = new HashSet<int>(selection.Rows);
        rows.UnionWith(batch.RepeatedEndpoints);
        var (userIds, userValues, itemIds, itemValues) = PackRows(rows);
        var sequence = ++_sequence;
        var result = new CorrectionSet[jobs.Count];
        for (var j = 0; j < jobs.Count; j++)
        {
            result[j] = new CorrectionSet
            {
                EngineVersion = _version,
                Dim = _dim,
                Outcomes = outcomes[j],
                RemovedUserIds = removedUsers,
                RemovedItemIds = removedItems,
                UserIds = userIds,
                UserValues = userValues,
                ItemIds = itemIds,
                ItemValues = itemValues,
                Sequence = sequence,
                DeferredRows = selection.Deferred,
                ComputeMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            };
        }

        // a removal published its checkpoint above; otherwise only the version can have moved (same mask)
        if (_checkpoint.Version != _version)
        {
            _checkpoint = _checkpoint with { Version = _version };
        }

        return result;
    }

    // The requests' own rows, exact, without the full propagation: pulled from Ẽ0 over the rows they reach. The rest
    // of the graph is unknown until the next full propagation, so every other row counts as pending (an upper bound,
    // which also makes the influence grain schedule the flush that propagates).
    private RowSelection SelectPulledEndpointRows(HashSet<int> endpoints)
    {
        GraphPropagation.FinalRowsInto(_adjacency.Matrix, _currentEgo, _dim, _layers, _aggregation, endpoints, _latest, _propagationA!, _propagationB!);
        var userCount = _original.UserCount;
        var selected = new List<int>(endpoints.Count);
        var users = 0;
        var items = 0;
        foreach (var row in endpoints.Order())
        {
            if (_latest.AsSpan(row * _dim, _dim).SequenceEqual(_served.AsSpan(row * _dim, _dim)))
            {
                continue;
            }

            // the same caps as SelectChangedRows, so both paths defer the same way
            if (row < userCount ? _options.MaxUserRowsPerComputation > 0 && users++ >= _options.MaxUserRowsPerComputation
                : _options.MaxItemRowsPerComputation > 0 && items++ >= _options.MaxItemRowsPerComputation)
            {
                continue;
            }

            selected.Add(row);
        }

        return new RowSelection(selected, _original.NodeCount - selected.Count);
    }

    private RowSelection SelectChangedRows(HashSet<int> endpoints, bool neighbours)
    {
        if (_fullRefreshPending)
        {
            // forced after restoring a consolidated checkpoint: every row, uncapped
            _fullRefreshPending = false;
            return new RowSelection(Enumerable.Range(0, _original.NodeCount).ToList(), 0);
        }

        var userCount = _original.UserCount;
        var tolerance = _absoluteTolerance;
        var candidates = new List<(int Row, float Change, bool Endpoint)>();
        var buffer = new float[_dim];
        for (var row = 0; row < _original.NodeCount; row++)
        {
            var latest = _latest.AsSpan(row * _dim, _dim);
            var served = _served.AsSpan(row * _dim, _dim);
            TensorPrimitives.Subtract(latest, served, buffer);
            var change = TensorPrimitives.MaxMagnitude(buffer);
            // the requests' own users and items are always brought exactly up to date; other rows only beyond the tolerance
            var endpoint = endpoints.Contains(row);
            var moved = tolerance == 0f || endpoint ? !latest.SequenceEqual(served) : Math.Abs(change) > tolerance;
            if (moved)
            {
                candidates.Add((row, Math.Abs(change), endpoint));
            }
        }

        // endpoints first, then the rows that moved most
        candidates.Sort((a, b) => a.Endpoint != b.Endpoint ? (a.Endpoint ? -1 : 1) : b.Change.CompareTo(a.Change));
        var selected = new List<int>(candidates.Count);
        var users = 0;
        var items = 0;
        var deferred = 0;
        foreach (var (row, _, endpoint) in candidates)
        {
            if (!endpoint && !neighbours)
            {
                deferred++;
                continue;
            }

            if (row < userCount)
            {
                if (_options.MaxUserRowsPerComputation > 0 && users >= _options.MaxUserRowsPerComputation)
                {
                    deferred++;
                    continue;
                }

                users++;
            }
            else
            {
                if (_options.MaxItemRowsPerComputation > 0 && items >= _options.MaxItemRowsPerComputation)
                {
                    deferred++;
                    continue;
                }

                items++;
            }

            selected.Add(row);
        }

        return new RowSelection(selected, deferred);
    }

    private CorrectionSet? Consolidate(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var drift = _propagationPending || !_latest.AsSpan().SequenceEqual(_served);
        if (RemovedCount == _removedAtLastConsolidation && !drift && !_fullRefreshPending)
        {
            return null;
        }

        var state = CreateState();
        var refined = _corrector.Consolidate(state, cancellationToken);
        _latest = ComputeFinal(refined ?? _corrector.Correct(state));
        _consolidated = refined is not null;
        _removedAtLastConsolidation = RemovedCount;
        _fullRefreshPending = false;
        _version++;
        _latest.CopyTo(_served, 0);
        _pendingRows = 0;
        var all = Enumerable.Range(0, _original.NodeCount).ToHashSet();
        var (userIds, userValues, itemIds, itemValues) = PackRows(all);
        return new CorrectionSet
        {
            EngineVersion = _version,
            Dim = _dim,
            Outcomes = [],
            UserIds = userIds,
            UserValues = userValues,
            ItemIds = itemIds,
            ItemValues = itemValues,
            IsFullRefresh = true,
            Sequence = ++_sequence,
        };
    }

    private EmbeddingSnapshot BuildSnapshot()
    {
        var userCount = _original.UserCount;
        var userValues = _served.AsSpan(0, userCount * _dim).ToArray();
        var itemValues = _served.AsSpan(userCount * _dim).ToArray();
        var residual = Residual();
        var interactionItems = new long[residual.EdgeCount];
        for (var k = 0; k < interactionItems.Length; k++)
        {
            interactionItems[k] = _items.ToOriginal(residual.UserItems[k]);
        }

        return new EmbeddingSnapshot
        {
            EngineVersion = _version,
            Dim = _dim,
            UserIds = _users.OriginalIds.ToArray(),
            UserValues = userValues,
            ItemIds = _items.OriginalIds.ToArray(),
            ItemValues = itemValues,
            InteractionPointers = (int[])residual.UserPointers.Clone(),
            InteractionItemIds = interactionItems,
        };
    }

    // Runs a job that changes the engine's state and publishes that state before the caller's job completes (engine
    // thread), so whoever awaited the job and then asks for a checkpoint or a description sees this state or a newer
    // one. The checkpoint only after success; the description whatever the outcome, as the state may have moved.
    private T Published<T>(Func<T> body)
    {
        try
        {
            var value = body();
            _checkpoint = BuildCheckpoint();
            return value;
        }
        finally
        {
            _description = BuildDescription();
        }
    }

    private static void NotifyRemoved(List<ApplyJob> jobs, long sequence, long version, long[] users, long[] items)
    {
        var notice = new RemovalNotice { Sequence = sequence, EngineVersion = version, RemovedUserIds = users, RemovedItemIds = items };
        foreach (var job in jobs)
        {
            try
            {
                job.Removed?.Invoke(notice);
            }
            catch (Exception)
            {
                // a caller's notification must never break the computation the others wait for
            }
        }
    }

    private int RemovedCount => _removedPositions.Length;

    private EngineCheckpoint BuildCheckpoint() => BuildCheckpoint(_version);

    private void SyncRemovedPositions()
    {
        var positions = new List<int>();
        for (var k = 0; k < _removed.Length; k++)
        {
            if (_removed[k])
            {
                positions.Add(k);
            }
        }

        _removedPositions = [.. positions];
    }

    private static int[] MergeSorted(int[] sorted, List<int> added)
    {
        var extra = added.ToArray();
        Array.Sort(extra);
        var merged = new int[sorted.Length + extra.Length];
        int i = 0, j = 0, w = 0;
        while (i < sorted.Length || j < extra.Length)
        {
            merged[w++] = j >= extra.Length || (i < sorted.Length && sorted[i] < extra[j]) ? sorted[i++] : extra[j++];
        }

        return merged;
    }

    private EngineCheckpoint BuildCheckpoint(long version)
    {
        var mask = new byte[(_removed.Length + 7) / 8];
        foreach (var k in _removedPositions)
        {
            mask[k >> 3] |= (byte)(1 << (k & 7));
        }

        return new EngineCheckpoint
        {
            ModelFingerprint = ModelFingerprint,
            Version = version,
            TrainEdgeCount = _removed.Length,
            RemovedEdgeMask = mask,
            Consolidated = _consolidated,
        };
    }

    private bool Restore(EngineCheckpoint checkpoint)
    {
        if (!string.Equals(checkpoint.ModelFingerprint, ModelFingerprint, StringComparison.Ordinal))
        {
            // Another model: its forgotten set does not apply, but what it served must be superseded.
            if (checkpoint.Version >= _version)
            {
                _version = checkpoint.Version + 1;
            }

            return false;
        }

        if (checkpoint.TrainEdgeCount != _removed.Length || checkpoint.RemovedEdgeMask.Length != (_removed.Length + 7) / 8)
        {
            throw new InvalidOperationException(
                $"engine checkpoint covers {checkpoint.TrainEdgeCount} training interactions but the model has {_removed.Length}, although the fingerprints match");
        }

        if (checkpoint.Version < _version)
        {
            // this engine already moved past the checkpoint (e.g. a failed checkpoint write); keep the newer state, but
            // the grain that asks is a new activation that cannot know what reached the targets: refresh every row
            _fullRefreshPending = true;
            return true;
        }

        for (var k = 0; k < _removed.Length; k++)
        {
            _removed[k] = (checkpoint.RemovedEdgeMask[k >> 3] & (1 << (k & 7))) != 0;
        }

        SyncRemovedPositions();
        _residual = null;
        _adjacency.Reset(_removed);
        _latest = ComputeFinal(_corrector.Correct(CreateState()));
        _latest.CopyTo(_served, 0);
        _pendingRows = 0;
        // After an unclean stop, rows of a few versions beyond the checkpoint may already be at the targets (rows and
        // checkpoint are written side by side): resume above anything that can have been sent, so the refresh wins.
        _version = checkpoint.AllRowsDelivered ? checkpoint.Version : checkpoint.Version + VersionGapAfterUncleanStop;
        _removedAtLastConsolidation = RemovedCount;
        // Deliveries that were under way when the previous engine stopped may never have reached the targets, and
        // consolidated rows cannot be reproduced: then the next computation re-sends every row. After a clean shutdown
        // the targets hold this version's rows (within the tolerance), and nothing needs re-sending.
        _fullRefreshPending = !checkpoint.AllRowsDelivered || checkpoint.Consolidated;
        _consolidated = false;
        return true;
    }

    private InteractionPairs BuildForgotten()
    {
        var users = new List<long>(RemovedCount);
        var items = new List<long>(RemovedCount);
        for (var u = 0; u < _original.UserCount; u++)
        {
            for (var k = _original.UserPointers[u]; k < _original.UserPointers[u + 1]; k++)
            {
                if (_removed[k])
                {
                    users.Add(_users.ToOriginal(u));
                    items.Add(_items.ToOriginal(_original.UserItems[k]));
                }
            }
        }

        return new InteractionPairs(users.ToArray(), items.ToArray());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers (engine thread)
    // ---------------------------------------------------------------------------------------------------------

    // The residual graph (original minus forgotten) is built only when something reads it: snapshots, consolidation.
    private BipartiteGraph Residual() => _residual ??= _original.WithoutEdges(_removed);

    private UnlearningState CreateState()
    {
        var users = new int[_removedPositions.Length];
        var items = new int[_removedPositions.Length];
        var user = 0;
        for (var i = 0; i < _removedPositions.Length; i++)
        {
            // ascending positions: the owning user only moves forward
            var k = _removedPositions[i];
            while (_original.UserPointers[user + 1] <= k)
            {
                user++;
            }

            users[i] = user;
            items[i] = _original.UserItems[k];
        }

        return new UnlearningState
        {
            UserCount = _original.UserCount,
            ItemCount = _original.ItemCount,
            Dim = _dim,
            Layers = _layers,
            Aggregation = _aggregation,
            Ego = _ego,
            Final = _originalFinal,
            Original = _original,
            Forgotten = new EdgeList(users, items),
            ResidualFactory = Residual,
            ResidualAdjacency = _adjacency.Matrix,
        };
    }

    private float[] CheckCorrected(float[]? correctedEgo)
    {
        if (correctedEgo is null || correctedEgo.Length != _ego.Length)
        {
            throw new InvalidOperationException(
                $"ego corrector '{_corrector.Name}' returned {correctedEgo?.Length ?? 0} values, expected {_original.NodeCount}×{_dim}");
        }

        return correctedEgo;
    }

    // The full propagation of Ẽ0: every row of the final embeddings, which become _latest.
    private float[] ComputeFinal(float[] correctedEgo)
    {
        CheckCorrected(correctedEgo);

        // double-buffered: the array _latest is about to replace becomes the next computation's target, so a
        // computation allocates no N×dim arrays here (on ml-1m three of 2.5 MB each went to the large-object heap)
        var target = _spareFinal ?? new float[correctedEgo.Length];
        _propagationA ??= new float[correctedEgo.Length];
        _propagationB ??= new float[correctedEgo.Length];
        GraphPropagation.FinalEmbeddingsInto(_adjacency.Matrix, correctedEgo, _dim, _layers, _aggregation, target, _propagationA, _propagationB);
        _spareFinal = _latest;
        _currentEgo = correctedEgo;
        _propagationPending = false;
        return target;
    }

    private void CheckFinalEmbeddings()
    {
        var recomputed = GraphPropagation.FinalEmbeddings(_original.NormalizedAdjacency(), _ego, _dim, _layers, _aggregation);
        var scale = Math.Max(1e-6f, Math.Abs(TensorPrimitives.MaxMagnitude(_originalFinal)));
        var error = 0f;
        for (var i = 0; i < recomputed.Length; i++)
        {
            error = Math.Max(error, Math.Abs(recomputed[i] - _originalFinal[i]));
        }

        if (error / scale > _options.FinalEmbeddingCheckTolerance)
        {
            throw new BundleFormatException(
                $"bundle final embeddings do not match a {_layers}-layer '{_modelName}' propagation of its ego embeddings on its training graph (relative error {error / scale:G3} > {_options.FinalEmbeddingCheckTolerance:G3}); the readout, the layer count or the files do not belong together");
        }
    }

    private (long[] UserIds, float[] UserValues, long[] ItemIds, float[] ItemValues) PackRows(IReadOnlyCollection<int> rows)
    {
        var userCount = _original.UserCount;
        var ordered = rows.ToArray();
        Array.Sort(ordered);
        var users = ordered.Count(r => r < userCount);
        var userIds = new long[users];
        var userValues = new float[users * _dim];
        var itemIds = new long[ordered.Length - users];
        var itemValues = new float[itemIds.Length * _dim];
        for (var i = 0; i < ordered.Length; i++)
        {
            var row = ordered[i];
            var source = _served.AsSpan(row * _dim, _dim);
            if (i < users)
            {
                userIds[i] = _users.ToOriginal(row);
                source.CopyTo(userValues.AsSpan(i * _dim, _dim));
            }
            else
            {
                var j = i - users;
                itemIds[j] = _items.ToOriginal(row - userCount);
                source.CopyTo(itemValues.AsSpan(j * _dim, _dim));
            }
        }

        return (userIds, userValues, itemIds, itemValues);
    }

    private (long[] Users, long[] Items) ToOriginalPairs(List<int> positions)
    {
        positions.Sort();
        var users = new long[positions.Count];
        var items = new long[positions.Count];
        for (var i = 0; i < positions.Count; i++)
        {
            var position = positions[i];
            users[i] = _users.ToOriginal(_original.UserOfEdge(position));
            items[i] = _items.ToOriginal(_original.UserItems[position]);
        }

        return (users, items);
    }

    private int EdgePosition(int user, int item)
    {
        if ((uint)user >= (uint)_original.UserCount)
        {
            return -1;
        }

        var index = _original.ItemsOf(user).BinarySearch(item);
        return index < 0 ? -1 : _original.UserPointers[user] + index;
    }

    private EngineDescription BuildDescription() => new(
        _modelName,
        _dataset,
        _original.UserCount,
        _original.ItemCount,
        _dim,
        _version,
        RemovedCount,
        _original.EdgeCount,
        _corrector.MaxForgetRatio,
        _options.Device,
        _pendingRows);

    private static IdMap BuildIdMap(long[] ids, string kind)
    {
        try
        {
            return new IdMap(ids);
        }
        catch (ArgumentException e)
        {
            throw new BundleFormatException($"bundle {kind} ids are not unique: {e.Message}", e);
        }
    }

    private static BipartiteGraph BuildGraph(int users, int items, int[] pairs, string name)
    {
        var u = new int[pairs.Length / 2];
        var v = new int[u.Length];
        for (var e = 0; e < u.Length; e++)
        {
            u[e] = pairs[2 * e];
            v[e] = pairs[(2 * e) + 1];
        }

        try
        {
            return BipartiteGraph.Build(users, items, new EdgeList(u, v));
        }
        catch (ArgumentException e)
        {
            throw new BundleFormatException($"bundle array '{name}': {e.Message}", e);
        }
    }

    private static string Fingerprint(ModelBundle bundle)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var m = bundle.Manifest;
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{m.Model}|{m.Dataset}|{m.DatasetFingerprint}|{m.Users}|{m.Items}|{m.Dim}|{m.Layers}"));
        foreach (var name in new[] { BundleArrayNames.UserIds, BundleArrayNames.ItemIds, BundleArrayNames.TrainEdges, BundleArrayNames.Ego })
        {
            var array = bundle.Get(name);
            if (array.Floats is { } f)
            {
                hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.AsSpan()));
            }
            else if (array.Ints is { } i)
            {
                hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(i.AsSpan()));
            }
            else if (array.Longs is { } l)
            {
                hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(l.AsSpan()));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    // ---------------------------------------------------------------------------------------------------------
    // Per-computation validation and edge collection
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>Validates the requests of one computation and collects the edges they remove.</summary>
    private sealed class BatchAccumulator(InfluenceEngine engine)
    {
        private readonly HashSet<int> _newlyRemoved = [];
        private readonly HashSet<int> _forTargets = [];
        private readonly HashSet<int> _repeatedEndpoints = [];

        public List<int> NewlyRemoved { get; } = [];

        public List<int> RemovedForTargets => [.. _forTargets];

        public HashSet<int> EndpointNodes { get; } = [];

        public IReadOnlyCollection<int> RepeatedEndpoints => _repeatedEndpoints;

        public DeletionOutcome Add(DeletionCommand command)
        {
            if (command is null || string.IsNullOrWhiteSpace(command.RequestId))
            {
                return DeletionOutcome.Rejected(command?.RequestId ?? "", "malformed request: the request id is empty");
            }

            var positions = new List<int>();
            var error = command.Scope switch
            {
                DeletionScope.Interactions => CollectInteractions(command, positions),
                DeletionScope.User => CollectUser(command, positions),
                DeletionScope.Item => CollectItem(command, positions),
                _ => $"malformed request: unknown scope {(int)command.Scope}",
            };
            if (error is not null)
            {
                return DeletionOutcome.Rejected(command.RequestId, error);
            }

            var removed = 0;
            foreach (var position in positions)
            {
                _forTargets.Add(position);
                var userNode = engine._original.UserOfEdge(position);
                var itemNode = engine._original.UserCount + engine._original.UserItems[position];
                EndpointNodes.Add(userNode);
                EndpointNodes.Add(itemNode);
                if (engine._removed[position])
                {
                    _repeatedEndpoints.Add(userNode);
                    _repeatedEndpoints.Add(itemNode);
                }
                else if (_newlyRemoved.Add(position))
                {
                    NewlyRemoved.Add(position);
                    removed++;
                }
            }

            return new DeletionOutcome(command.RequestId, true, null, removed);
        }

        private string? CollectInteractions(DeletionCommand command, List<int> positions)
        {
            if (!engine._users.TryGetIndex(command.UserId, out var user))
            {
                return $"unknown user {command.UserId}";
            }

            if (command.ItemIds is null || command.ItemIds.Count == 0)
            {
                return "malformed request: no items listed";
            }

            if (command.ItemIds.Count > engine._options.MaxItemsPerRequest)
            {
                return $"malformed request: {command.ItemIds.Count} items exceed the limit of {engine._options.MaxItemsPerRequest}";
            }

            foreach (var itemId in command.ItemIds)
            {
                if (!engine._items.TryGetIndex(itemId, out var item))
                {
                    return $"unknown item {itemId}";
                }

                var position = engine.EdgePosition(user, item);
                if (position < 0)
                {
                    return $"interaction ({command.UserId}, {itemId}) is not in the training graph";
                }

                positions.Add(position);
            }

            return null;
        }

        private string? CollectUser(DeletionCommand command, List<int> positions)
        {
            if (!engine._users.TryGetIndex(command.UserId, out var user))
            {
                return $"unknown user {command.UserId}";
            }

            EndpointNodes.Add(user);
            for (var k = engine._original.UserPointers[user]; k < engine._original.UserPointers[user + 1]; k++)
            {
                positions.Add(k);
            }

            return null;
        }

        private string? CollectItem(DeletionCommand command, List<int> positions)
        {
            if (command.ItemIds is null || command.ItemIds.Count != 1)
            {
                return "malformed request: an item-scope request names exactly one item";
            }

            if (!engine._items.TryGetIndex(command.ItemIds[0], out var item))
            {
                return $"unknown item {command.ItemIds[0]}";
            }

            EndpointNodes.Add(engine._original.UserCount + item);
            foreach (var user in engine._original.UsersOf(item))
            {
                positions.Add(engine.EdgePosition(user, item));
            }

            return null;
        }
    }

    private sealed record RowSelection(List<int> Rows, int Deferred);

    // ---------------------------------------------------------------------------------------------------------
    // Jobs
    // ---------------------------------------------------------------------------------------------------------

    private abstract class EngineJob
    {
        public abstract void Run();

        public abstract void Fail(Exception error);
    }

    private abstract class EngineJob<T>(CancellationToken cancellationToken) : EngineJob
    {
        // Continuations must not run on the engine thread: callers resume elsewhere.
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public override void Fail(Exception error) => Completion.TrySetException(error);
    }

    private sealed class ApplyJob(IReadOnlyList<DeletionCommand> commands, Action<RemovalNotice>? removed, CancellationToken cancellationToken)
        : EngineJob<CorrectionSet>(cancellationToken)
    {
        public IReadOnlyList<DeletionCommand> Commands { get; } = commands;

        public Action<RemovalNotice>? Removed { get; } = removed;

        public override void Run() => throw new InvalidOperationException("apply jobs run merged");
    }

    private sealed class FuncJob<T>(Func<T> body, CancellationToken cancellationToken) : EngineJob<T>(cancellationToken)
    {
        public override void Run()
        {
            if (CancellationToken.IsCancellationRequested)
            {
                Completion.TrySetCanceled(CancellationToken);
                return;
            }

            try
            {
                Completion.TrySetResult(body());
            }
            catch (OperationCanceledException e) when (CancellationToken.IsCancellationRequested)
            {
                Completion.TrySetCanceled(e.CancellationToken);
            }
            catch (Exception e)
            {
                Completion.TrySetException(e);
            }
        }
    }
}
