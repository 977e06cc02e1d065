namespace UnlearnRec.Grains.Persistence;

/// <summary>
/// Group commit for a reentrant grain's state: callers that ask for a write while one is running share the next
/// write, so at most one write is in flight and N concurrent changes cost about two writes, not N. Every caller's
/// task completes only after a write that started after its call, so its change is durable when the task completes.
/// Not thread-safe: use it from the grain's own turns only.
/// </summary>
/// <remarks>
/// With a <c>minimumSpacing</c>, a write starts no sooner than that long after the previous one started: under a steady
/// stream of changes each write then covers more of them, so the store sees fewer, larger writes at the price of up to
/// that much extra wait. Without one, writes run back to back, one per store round trip. A caller that is on a critical
/// path can <see cref="Expedite"/> the write it waits for, which then skips the rest of its spacing.
/// </remarks>
/// <param name="write">Writes the current state.</param>
/// <param name="minimumSpacing">Least time between the starts of two writes (zero: back to back).</param>
/// <param name="time">Clock for the spacing (the system clock when null).</param>
public sealed class CoalescingWriter(Func<Task> write, TimeSpan minimumSpacing = default, TimeProvider? time = null)
{
    private readonly Func<Task> _write = write ?? throw new ArgumentNullException(nameof(write));
    private readonly TimeSpan _spacing = minimumSpacing >= TimeSpan.Zero ? minimumSpacing : throw new ArgumentOutOfRangeException(nameof(minimumSpacing));
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private TaskCompletionSource? _pending;
    private bool _running;
    private long? _lastStart;
    private bool _expedited;
    private CancellationTokenSource? _spacingDelay;

    /// <summary>Requests a write that covers every change made before this call.</summary>
    public Task WriteAsync()
    {
        if (_pending is null)
        {
            _pending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var task = _pending.Task;
        if (!_running)
        {
            _ = PumpAsync();
        }

        return task;
    }

    /// <summary>
    /// Starts the write <paramref name="write"/> (a task from <see cref="WriteAsync"/>) without waiting for the rest of
    /// its spacing, if it has not started yet; otherwise (already started or done) does nothing.
    /// </summary>
    /// <returns>True when the write was waiting and now goes ahead of its spacing.</returns>
    public bool Expedite(Task write)
    {
        if (_pending is null || !ReferenceEquals(_pending.Task, write))
        {
            return false;
        }

        _expedited = true;
        _spacingDelay?.Cancel();
        return true;
    }

    private async Task PumpAsync()
    {
        _running = true;
        try
        {
            while (_pending is not null)
            {
                if (_spacing > TimeSpan.Zero && !_expedited && _lastStart is { } previous)
                {
                    var wait = _spacing - _time.GetElapsedTime(previous);
                    if (wait > TimeSpan.Zero)
                    {
                        // callers that arrive meanwhile join this write: that is the point of the spacing
                        using var delay = new CancellationTokenSource();
                        _spacingDelay = delay;
                        try
                        {
                            await Task.Delay(wait, _time, delay.Token);
                        }
                        catch (OperationCanceledException)
                        {
                            // expedited: somebody waits for this write on a critical path
                        }
                        finally
                        {
                            _spacingDelay = null;
                        }
                    }
                }

                // only this loop clears _pending, so the delay cannot have taken it away
                var waiting = _pending!;
                _pending = null;
                _expedited = false;
                _lastStart = _time.GetTimestamp();
                try
                {
                    await _write();
                    waiting.TrySetResult();
                }
                catch (Exception e)
                {
                    waiting.TrySetException(e);
                }
            }
        }
        finally
        {
            _running = false;
        }
    }
}
