namespace UnlearnRec.Grains.Persistence;

/// <summary>
/// Runs calls with at most N in flight (a sliding window: a new call starts as soon as any finishes), and reports
/// the first failure after every call has finished, so a failing target never leaves others half-sent.
/// </summary>
public static class BoundedFanOut
{
    /// <summary>Runs every call; returns their results in input order.</summary>
    public static async Task<T[]> RunAsync<T>(IReadOnlyList<Func<Task<T>>> calls, int maxInFlight, Action<int>? inFlightChanged = null)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        var results = new T[calls.Count];
        var running = new Dictionary<Task<T>, int>();
        Exception? firstError = null;
        var next = 0;
        while (next < calls.Count || running.Count > 0)
        {
            while (next < calls.Count && running.Count < maxInFlight)
            {
                inFlightChanged?.Invoke(1);
                running.Add(calls[next](), next);
                next++;
            }

            var done = await Task.WhenAny(running.Keys);
            var index = running[done];
            running.Remove(done);
            inFlightChanged?.Invoke(-1);
            try
            {
                results[index] = await done;
            }
            catch (Exception e)
            {
                firstError ??= e;
            }
        }

        if (firstError is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(firstError);
        }

        return results;
    }
}
