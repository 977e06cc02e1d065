using Microsoft.Extensions.Logging;
using Orleans.Storage;
using UnlearnRec.Grains.Diagnostics;

namespace UnlearnRec.Grains.Persistence;

/// <summary>
/// Write-behind for a grain's recomputable state: <see cref="MarkDirty"/> arms a one-shot grain timer that writes
/// after the delay, so all changes in that window cost one write; <see cref="MarkDeferred"/> records a change that
/// waits for the next write, whatever causes it; <see cref="FlushAsync"/> writes at once (before an
/// acknowledgement that must be durable, and when the grain deactivates). A failed timed write stays dirty and is
/// retried after another delay. At most one write is in flight; a flush that finds one waits for it first. Not
/// thread-safe: use it from the grain's own turns only.
/// </summary>
/// <remarks>
/// The timed write interleaves with the grain's other calls, so a non-reentrant grain keeps serving while its state is
/// on the way to storage. Why: storage that queues writes (the users' Table lane) can hold a write-behind for a while
/// under load, and a user grain whose timer turn waited for it held up the rows of a deletion addressed to it for as
/// long. The write function must therefore take its snapshot of the state before its first await (grain
/// storage providers serialize the state before they go to storage); a change made while the write runs marks the
/// state dirty again and is written by the next one.
/// </remarks>
public sealed class WriteBehind
{
    private readonly IGrainBase _grain;
    private readonly Func<Task> _write;
    private readonly TimeSpan _delay;
    private readonly double _spread;
    private readonly ILogger _logger;
    private readonly bool _flushOnShutdown;
    private IGrainTimer? _timer;
    private Task _inFlight = Task.CompletedTask;

    /// <summary>Creates a write-behind for <paramref name="grain"/>.</summary>
    /// <param name="grain">The owning grain (its timers run as its turns).</param>
    /// <param name="write">Writes the grain's current state.</param>
    /// <param name="delay">Longest time a change stays unwritten; zero makes <see cref="IsEnabled"/> false.</param>
    /// <param name="logger">Where failed timed writes are reported.</param>
    /// <param name="flushOnShutdown">Whether <see cref="FlushOnDeactivationAsync"/> writes when the silo shuts down.</param>
    /// <param name="spread">
    /// Fraction of the delay by which each timed write comes early, drawn at random per write (0 = always the full
    /// delay), so grains dirtied together do not all write together one delay later.
    /// </param>
    public WriteBehind(IGrainBase grain, Func<Task> write, TimeSpan delay, ILogger logger, bool flushOnShutdown = true, double spread = 0)
    {
        _grain = grain ?? throw new ArgumentNullException(nameof(grain));
        _write = write ?? throw new ArgumentNullException(nameof(write));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        _delay = delay;
        _flushOnShutdown = flushOnShutdown;
        ArgumentOutOfRangeException.ThrowIfLessThan(spread, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(spread, 1);
        _spread = spread;
    }

    /// <summary>False when the delay is zero: the caller writes every change itself.</summary>
    public bool IsEnabled => _delay > TimeSpan.Zero;

    /// <summary>True while a change is not yet written.</summary>
    public bool IsDirty { get; private set; }

    /// <summary>Records an unwritten change; the write follows within the delay.</summary>
    public void MarkDirty()
    {
        IsDirty = true;
        _timer ??= _grain.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions(DueTime(), Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    /// <summary>
    /// Records an unwritten change that need not be written on its own: it goes to storage with the next timed write
    /// (<see cref="MarkDirty"/>), a <see cref="FlushAsync"/>, or when the grain deactivates.
    /// </summary>
    public void MarkDeferred() => IsDirty = true;

    /// <summary>Writes now if anything is unwritten (a failure propagates and leaves it dirty).</summary>
    public async Task FlushAsync()
    {
        // one write at a time: the next one needs the ETag the previous one got back (its failure is its own caller's)
        while (!_inFlight.IsCompleted)
        {
            await _inFlight.ContinueWith(static _ => { }, TaskScheduler.Current);
        }

        if (!IsDirty)
        {
            return;
        }

        _timer?.Dispose();
        _timer = null;
        // cleared before the write: a change made while it runs marks the state dirty again
        IsDirty = false;
        // nobody waits for a write-behind: let the writes requests wait for go first
        var write = StorageWritePriority.InBackgroundAsync(_write);
        _inFlight = write;
        try
        {
            await write;
        }
        catch
        {
            IsDirty = true;
            throw;
        }
    }

    /// <summary>
    /// Writes what is pending as the grain deactivates; a failure is logged, not thrown (the influence grain re-sends
    /// every row when a silo is lost). At a silo shutdown it writes only if asked to (memory storage is gone by then).
    /// </summary>
    public async Task FlushOnDeactivationAsync(DeactivationReason reason)
    {
        if (reason.ReasonCode == DeactivationReasonCode.ShuttingDown && !_flushOnShutdown)
        {
            return;
        }

        try
        {
            await FlushAsync();
        }
        catch (Exception e)
        {
            ServingLogMessages.WriteBehindFailed(_logger, e, _grain.GrainContext.GrainId.ToString());
        }
    }

    /// <summary>Clears the dirty flag after the caller wrote the state itself (write-through of the same state).</summary>
    public void MarkWritten()
    {
        IsDirty = false;
        _timer?.Dispose();
        _timer = null;
    }

    /// <summary>When a timed write is due: <paramref name="delay"/> less <paramref name="spread"/> × <paramref name="sample"/> of it.</summary>
    /// <param name="delay">The write-behind delay.</param>
    /// <param name="spread">Fraction of the delay a write may come early (0 to 1).</param>
    /// <param name="sample">A uniform draw in [0, 1).</param>
    internal static TimeSpan DueTime(TimeSpan delay, double spread, double sample) => delay * (1 - (spread * sample));

    private TimeSpan DueTime() => _spread == 0 ? _delay : DueTime(_delay, _spread, Random.Shared.NextDouble());

    private async Task OnTimerAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        try
        {
            await FlushAsync();
        }
        catch (InconsistentStateException e)
        {
            // another activation of this grain wrote meanwhile (a duplicate while a silo was being declared dead):
            // this copy is stale and retrying cannot succeed; step aside so the next call activates a fresh copy
            ServingLogMessages.WriteBehindFailed(_logger, e, _grain.GrainContext.GrainId.ToString());
            IsDirty = false;
            _grain.DeactivateOnIdle();
        }
        catch (Exception e)
        {
            ServingLogMessages.WriteBehindFailed(_logger, e, _grain.GrainContext.GrainId.ToString());
            if (IsDirty)
            {
                MarkDirty();
            }
        }
    }
}
