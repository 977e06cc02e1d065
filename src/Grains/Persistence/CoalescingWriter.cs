namespace UnlearnRec.Grains.Persistence;

/// <summary>
/// Group commit for a reentrant grain's state: callers that ask for a write while one is running share the next
/// write, so at most one write is in flight and N concurrent changes cost about two writes, not N. Every caller's
/// task completes only after a write that started after its call, so its change is durable when the task completes.
/// Not thread-safe: use it from the grain's own turns only.
/// </summary>
public sealed class CoalescingWriter(Func<Task> write)
{
    private readonly Func<Task> _write = write ?? throw new ArgumentNullException(nameof(write));
    private TaskCompletionSource? _pending;
    private bool _running;

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

    private async Task PumpAsync()
    {
        _running = true;
        try
        {
            while (_pending is { } waiting)
            {
                _pending = null;
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
