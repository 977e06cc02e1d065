using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Storage;
using Orleans.Streams;
using Orleans.Streams.Core;
using UnlearnRec.Grains.Diagnostics;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Grains.Options;
using UnlearnRec.Grains.Persistence;

namespace UnlearnRec.Grains.Ingestion;

/// <summary>
/// One deletion partition: the durable ledger of its requests, deduplication by request id, micro-batching with one
/// batch in flight, and recovery (a batch interrupted by a crash is re-sent unchanged on the next activation; a
/// reminder re-activates the partition so that happens even without new traffic).
/// </summary>
/// <remarks>
/// Reentrant so submissions keep being recorded (and group-committed) while a batch is with the influence grain.
/// All state changes happen in synchronous sections between awaits, so reentrancy never sees half-updated state.
/// Requests arrive by direct calls (HTTP ingress, clients) or by the implicit stream subscription (Azure Queue
/// envelopes); both paths go through <see cref="SubmitManyAsync"/>.
/// </remarks>
[Reentrant]
[ImplicitStreamSubscription(StreamNames.DeletionNamespace)]
public sealed class DeletionPartitionGrain(
    [PersistentState("ledger", StorageNames.Ledger)] IPersistentState<DeletionLedgerState> ledger,
    [PersistentState("history", StorageNames.Ledger)] IPersistentState<DeletionHistoryState> history,
    IOptions<DeletionLedgerOptions> options,
    ContentHasher hasher,
    UnlearnRecMetrics metrics,
    TimeProvider time,
    ILogger<DeletionPartitionGrain> logger)
    : Grain, IDeletionPartitionGrain, IRemindable, IStreamSubscriptionObserver, IAsyncObserver<DeletionRequest>
{
    private const string RecoveryReminder = "redrive";
    private readonly Dictionary<string, LedgerEntry> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> _uncommitted = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private CoalescingWriter _ledgerWriter = null!;
    private CoalescingWriter _historyWriter = null!;
    private Task? _batchLoop;
    private bool _ledgerDirty;
    private IGrainTimer? _archiveTimer;

    private int Partition => (int)this.GetPrimaryKeyLong();

    private DeletionLedgerOptions Settings => options.Value;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _ledgerWriter = new CoalescingWriter(WriteLedgerAsync, Settings.WriteSpacing, time);
        _historyWriter = new CoalescingWriter(() => history.WriteStateAsync());
        foreach (var entry in history.State.Entries)
        {
            _index[entry.RequestId] = entry;
        }

        // a crash between the history write and the ledger write leaves completed entries in both: history wins
        ledger.State.Open.RemoveAll(e => _index.TryGetValue(e.RequestId, out var archived) && archived.IsCompleted);
        foreach (var entry in ledger.State.Open)
        {
            _index[entry.RequestId] = entry;
        }

        _archiveTimer = this.RegisterGrainTimer(ArchiveAsync, new GrainTimerCreationOptions(Settings.ArchiveInterval, Settings.ArchiveInterval) { Interleave = true });
        var open = ledger.State.Open.Count(e => !e.IsCompleted);
        if (open > 0)
        {
            LedgerLogMessages.Activated(logger, Partition, open, history.State.Entries.Count);
            EnsureBatchLoop();
        }

        if (!ledger.State.ReminderRegistered)
        {
            _ = RegisterRecoveryReminderAsync();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // stop retrying; open work stays in the ledger and is re-driven by the next activation
        _stopping.Cancel();
        _archiveTimer?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<SubmitReceipt> SubmitAsync(DeletionRequest request) => (await SubmitManyAsync([request]))[0];

    /// <inheritdoc />
    public async Task<SubmitReceipt[]> SubmitManyAsync(DeletionRequest[] requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var receipts = new SubmitReceipt?[requests.Length];
        var duplicates = new bool[requests.Length];
        var added = new List<LedgerEntry>();
        var waits = new List<Task>();
        var now = time.GetUtcNow().UtcTicks;
        for (var i = 0; i < requests.Length; i++)
        {
            var request = requests[i];
            if (request is null || string.IsNullOrEmpty(request.RequestId))
            {
                // without an id there is nothing to record or deduplicate against
                receipts[i] = new SubmitReceipt(request?.RequestId ?? "", DeletionState.Rejected, false, Partition, "requestId is required");
                metrics.DeletionsRejected.Add(1);
                continue;
            }

            if (_index.ContainsKey(request.RequestId))
            {
                duplicates[i] = true;
                metrics.DeletionsDeduplicated.Add(1);
                if (_uncommitted.TryGetValue(request.RequestId, out var commit))
                {
                    // the original submission is still being written: answer only once it is durable
                    waits.Add(commit);
                }

                continue;
            }

            var entry = NewEntry(request, now);
            _index[entry.RequestId] = entry;
            ledger.State.Open.Add(entry);
            added.Add(entry);
        }

        if (added.Count > 0)
        {
            var commit = _ledgerWriter.WriteAsync();
            foreach (var entry in added)
            {
                _uncommitted[entry.RequestId] = commit;
            }

            // The batch may go to the engine while the receipt is being written: the two overlap, and a request is
            // reported applied only once its receipt is durable too (ProcessBatchAsync waits for it). If the write
            // fails, the request was applied without an acknowledgement; the caller retries, which the engine takes
            // as a no-op.
            EnsureBatchLoop();

            try
            {
                await commit;
            }
            catch
            {
                // not durable, so not acknowledged: forget the entries so a retry records them again
                foreach (var entry in added)
                {
                    ledger.State.Open.Remove(entry);
                    _index.Remove(entry.RequestId);
                }

                throw;
            }
            finally
            {
                foreach (var entry in added)
                {
                    _uncommitted.Remove(entry.RequestId);
                }
            }

            foreach (var entry in added)
            {
                if (entry.State == DeletionState.Rejected)
                {
                    metrics.DeletionsRejected.Add(1);
                }
                else
                {
                    metrics.DeletionsReceived.Add(1);
                }
            }
        }

        if (waits.Count > 0)
        {
            await Task.WhenAll(waits);
        }

        for (var i = 0; i < requests.Length; i++)
        {
            if (receipts[i] is null)
            {
                receipts[i] = _index.TryGetValue(requests[i].RequestId, out var entry)
                    ? new SubmitReceipt(entry.RequestId, entry.State, duplicates[i], Partition, entry.Error)
                    : new SubmitReceipt(requests[i].RequestId, DeletionState.Applied, duplicates[i], Partition, null);
            }
        }

        return receipts!;
    }

    /// <inheritdoc />
    public Task<DeletionStatus?> GetStatusAsync(string requestId) =>
        Task.FromResult(requestId is not null && _index.TryGetValue(requestId, out var entry) && !_uncommitted.ContainsKey(requestId) ? ToStatus(entry) : null);

    /// <inheritdoc />
    public Task<DeletionStatus[]> GetStatusesAsync(string[] requestIds)
    {
        ArgumentNullException.ThrowIfNull(requestIds);
        var found = new List<DeletionStatus>(requestIds.Length);
        foreach (var id in requestIds)
        {
            if (id is not null && _index.TryGetValue(id, out var entry) && !_uncommitted.ContainsKey(id))
            {
                found.Add(ToStatus(entry));
            }
        }

        return Task.FromResult(found.ToArray());
    }

    /// <inheritdoc />
    public Task<LedgerSummary> GetSummaryAsync()
    {
        var open = ledger.State.Open;
        return Task.FromResult(new LedgerSummary(
            Partition,
            open.Count(e => e.State == DeletionState.Received),
            open.Count(e => e.State == DeletionState.Batched),
            open.Count(e => e.IsCompleted) + history.State.Entries.Count,
            ledger.State.NextBatchSequence,
            ledger.State.LastEngineVersion));
    }

    /// <inheritdoc />
    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        EnsureBatchLoop();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        await handleFactory.Create<DeletionRequest>().ResumeAsync(this);
    }

    /// <inheritdoc />
    public async Task OnNextAsync(DeletionRequest item, StreamSequenceToken? token = null)
    {
        // the stream delivery completes (and the queue message is deleted) only after the ledger write
        await SubmitAsync(item);
    }

    /// <inheritdoc />
    public Task OnCompletedAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task OnErrorAsync(Exception ex)
    {
        LedgerLogMessages.StreamError(logger, ex, Partition);
        return Task.CompletedTask;
    }

    private LedgerEntry NewEntry(DeletionRequest request, long nowTicks)
    {
        var entry = new LedgerEntry
        {
            RequestId = request.RequestId,
            State = DeletionState.Received,
            Scope = request.Scope,
            UserId = request.UserId,
            ItemIds = request.ItemIds ?? [],
            SubmittedAtUnixMs = request.SubmittedAtUnixMs,
            ReceivedAtUtcTicks = nowTicks,
            ContentHash = hasher.Hash(request with { ItemIds = request.ItemIds ?? [] }),
            Order = ledger.State.NextOrder++,
        };
        var error = DeletionRequestValidator.Validate(request, Settings.MaxItemsPerRequest);
        if (error is not null)
        {
            LedgerLogMessages.Rejected(logger, Partition, request.RequestId, error);
            Complete(entry, DeletionState.Rejected, 0, 0, error, nowTicks);
        }

        return entry;
    }

    private void EnsureBatchLoop()
    {
        if (_batchLoop is { IsCompleted: false } || _stopping.IsCancellationRequested)
        {
            return;
        }

        _batchLoop = RunBatchLoopAsync();
    }

    private async Task RunBatchLoopAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var open = ledger.State.Open;
                // a batch interrupted by a crash or deactivation goes out again, unchanged, before anything newer
                var interrupted = open.Where(e => e.State == DeletionState.Batched).ToList();
                if (interrupted.Count > 0)
                {
                    var sequence = interrupted.Min(e => e.BatchSequence);
                    await ProcessBatchAsync(sequence, interrupted.Where(e => e.BatchSequence == sequence).OrderBy(e => e.Order).ToList());
                    continue;
                }

                var waiting = open.Where(e => e.State == DeletionState.Received).OrderBy(e => e.Order).ToList();
                if (waiting.Count == 0)
                {
                    return;
                }

                // give the oldest request up to one window for others to join its batch
                var due = new DateTime(waiting[0].ReceivedAtUtcTicks, DateTimeKind.Utc) + Settings.BatchWindow;
                var wait = due - time.GetUtcNow().UtcDateTime;
                if (waiting.Count < Settings.MaxBatchSize && wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, _stopping.Token);
                    continue;
                }

                var batch = waiting.Take(Settings.MaxBatchSize).ToList();
                var next = ledger.State.NextBatchSequence++;
                foreach (var entry in batch)
                {
                    entry.State = DeletionState.Batched;
                    entry.BatchSequence = next;
                }

                // "batched" is not written on its own: the requests are durable as received, and after a crash they are
                // simply batched again. The next ledger write (a submission or this batch's completion) records it.
                await ProcessBatchAsync(next, batch);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // deactivating: the ledger keeps the work for the next activation
        }
        catch (Exception e)
        {
            // never leave open work waiting for the (minutes-scale) reminder: try again after the longest back-off
            LedgerLogMessages.BatchLoopFailed(logger, e, Partition);
            this.RegisterGrainTimer(
                _ =>
                {
                    EnsureBatchLoop();
                    return Task.CompletedTask;
                },
                new GrainTimerCreationOptions(Settings.RetryMaxBackoff, Timeout.InfiniteTimeSpan) { Interleave = true });
        }
    }

    private async Task ProcessBatchAsync(long sequence, List<LedgerEntry> entries)
    {
        var requests = entries.Select(e => new DeletionRequest(e.RequestId, e.Scope, e.UserId, e.ItemIds, e.SubmittedAtUnixMs)).ToArray();
        var batch = new InfluenceBatch(Partition, sequence, requests);
        var delay = Settings.RetryInitialBackoff;
        InfluenceBatchResult result;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // resolved on every attempt: while no gpu-role silo is in the cluster, even the reference fails
                result = await GrainFactory.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary).ApplyBatchAsync(batch);
                break;
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested)
            {
                // typically: no gpu-role silo is up, or it is restarting. The batch waits; nothing is dropped.
                metrics.InfluenceRetries.Add(1);
                if (attempt == 1 || attempt % 20 == 0)
                {
                    // a gpu silo can be away for minutes: say so, but do not flood the log
                    LedgerLogMessages.BatchRetry(logger, e, Partition, sequence, requests.Length, attempt, delay.TotalMilliseconds);
                }

                await Task.Delay(delay, time, _stopping.Token);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Settings.RetryMaxBackoff.Ticks));
            }
        }

        // "applied" means applied and durably received: wait for receipts still being written (usually done by now)
        var receipts = new Dictionary<LedgerEntry, Task>();
        foreach (var entry in entries)
        {
            if (_uncommitted.TryGetValue(entry.RequestId, out var receipt))
            {
                receipts[entry] = receipt;
            }
        }

        if (receipts.Count > 0)
        {
            var writes = receipts.Values.Distinct().ToArray();
            foreach (var write in writes)
            {
                // the batch is done and only its receipt is missing: that write need not wait out its spacing
                _ledgerWriter.Expedite(write);
            }

            await Task.WhenAll(writes).ContinueWith(static _ => { }, TaskScheduler.Current);
        }

        var outcomes = result.Outcomes.ToDictionary(o => o.RequestId, StringComparer.Ordinal);
        var now = time.GetUtcNow().UtcTicks;
        var applied = 0;
        var rejected = 0;
        foreach (var entry in entries)
        {
            if (receipts.TryGetValue(entry, out var receipt) && !receipt.IsCompletedSuccessfully)
            {
                // its receipt could not be written: not acknowledged, so not recorded (the caller submits it again)
                continue;
            }

            if (!outcomes.TryGetValue(entry.RequestId, out var outcome))
            {
                entry.State = DeletionState.Received; // not answered: goes into the next batch
                continue;
            }

            if (outcome.Applied)
            {
                Complete(entry, DeletionState.Applied, result.EngineVersion, outcome.EdgesRemoved, null, now);
                metrics.DeletionsApplied.Add(1);
                metrics.DeletionToAppliedMs.Record(TimeSpan.FromTicks(now - entry.ReceivedAtUtcTicks).TotalMilliseconds);
                applied++;
            }
            else
            {
                Complete(entry, DeletionState.Rejected, 0, 0, outcome.Error ?? "rejected by the influence engine", now);
                metrics.DeletionsRejected.Add(1);
                rejected++;
            }
        }

        ledger.State.LastEngineVersion = Math.Max(ledger.State.LastEngineVersion, result.EngineVersion);
        LedgerLogMessages.BatchCompleted(logger, Partition, sequence, applied, rejected, result.EngineVersion);
        // The next batch need not wait for this write: it joins the next group commit, and if the silo dies first the
        // requests are simply re-driven (a no-op in the engine).
        _ = TryWriteLedgerAsync();
    }

    private static void Complete(LedgerEntry entry, DeletionState state, long version, int edgesRemoved, string? error, long nowTicks)
    {
        entry.State = state;
        entry.EngineVersion = version;
        entry.EdgesRemoved = edgesRemoved;
        entry.Error = error;
        entry.CompletedAtUtcTicks = nowTicks;
        // forgotten means gone: the ledger keeps the request id, times and the keyed hash, not the interactions
        entry.UserId = 0;
        entry.ItemIds = [];
    }

    private async Task ArchiveAsync(CancellationToken cancellationToken)
    {
        var done = ledger.State.Open.Where(e => e.IsCompleted).ToList();
        if (done.Count == 0)
        {
            if (_ledgerDirty)
            {
                await TryWriteLedgerAsync();
            }

            return;
        }

        var entries = history.State.Entries;
        var before = entries.Count;
        entries.AddRange(done);
        try
        {
            await _historyWriter.WriteAsync();
        }
        catch (Exception e)
        {
            entries.RemoveRange(before, done.Count);
            LedgerLogMessages.LedgerWriteFailed(logger, e, Partition);
            return;
        }

        var excess = entries.Count - Settings.HistoryCapacity;
        if (excess > 0)
        {
            // the oldest completed requests leave the deduplication window (persisted with the next archive)
            foreach (var old in entries.Take(excess))
            {
                if (_index.TryGetValue(old.RequestId, out var indexed) && ReferenceEquals(indexed, old))
                {
                    _index.Remove(old.RequestId);
                }
            }

            entries.RemoveRange(0, excess);
        }

        var archived = done.ToHashSet();
        ledger.State.Open.RemoveAll(archived.Contains);
        await TryWriteLedgerAsync();
    }

    private async Task TryWriteLedgerAsync()
    {
        try
        {
            await _ledgerWriter.WriteAsync();
            _ledgerDirty = false;
        }
        catch (Exception e)
        {
            // the archive timer writes again; if the silo dies first, the open work is simply re-driven
            _ledgerDirty = true;
            LedgerLogMessages.LedgerWriteFailed(logger, e, Partition);
        }
    }

    private async Task WriteLedgerAsync()
    {
        try
        {
            await ledger.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            // another activation wrote this ledger: this copy is stale, so step aside and let a fresh activation read it
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task RegisterRecoveryReminderAsync()
    {
        try
        {
            await this.RegisterOrUpdateReminder(RecoveryReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            ledger.State.ReminderRegistered = true;
            await TryWriteLedgerAsync();
        }
        catch (Exception e)
        {
            LedgerLogMessages.ReminderFailed(logger, e, Partition);
        }
    }

    private DeletionStatus ToStatus(LedgerEntry entry) => new()
    {
        RequestId = entry.RequestId,
        State = entry.State,
        Scope = entry.Scope,
        Partition = Partition,
        ReceivedAtUnixMs = ToUnixMs(entry.ReceivedAtUtcTicks),
        BatchSequence = entry.BatchSequence,
        CompletedAtUnixMs = entry.CompletedAtUtcTicks == 0 ? 0 : ToUnixMs(entry.CompletedAtUtcTicks),
        EngineVersion = entry.EngineVersion,
        LatencyMs = entry.CompletedAtUtcTicks == 0 ? 0 : TimeSpan.FromTicks(entry.CompletedAtUtcTicks - entry.ReceivedAtUtcTicks).TotalMilliseconds,
        EdgesRemoved = entry.EdgesRemoved,
        Error = entry.Error,
        ContentHash = entry.ContentHash,
    };

    private static long ToUnixMs(long utcTicks) => (utcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
}
