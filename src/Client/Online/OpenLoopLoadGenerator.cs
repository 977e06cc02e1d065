using System.Diagnostics;

namespace UnlearnRec.Client.Online;

/// <summary>
/// Sends requests on a fixed schedule (open loop): request i is due at start + i/rate whether or not earlier ones have
/// finished, so a slow system shows up as latency instead of silently lowering the offered rate. Latency is measured
/// from the due time, not from the actual send, which counts any time a request waited for a free slot.
/// </summary>
public static class OpenLoopLoadGenerator
{
    /// <summary>Runs <paramref name="count"/> sends at <paramref name="ratePerSecond"/> with at most <paramref name="maxInFlight"/> outstanding.</summary>
    /// <param name="count">Requests to send.</param>
    /// <param name="ratePerSecond">Offered rate.</param>
    /// <param name="maxInFlight">Cap on outstanding sends (bounds memory and sockets).</param>
    /// <param name="send">Sends request i; returns false when it was refused.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<LoadRunResult> RunAsync(int count, double ratePerSecond, int maxInFlight, Func<int, CancellationToken, Task<bool>> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ratePerSecond, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        var latencies = new double[count];
        var accepted = new bool[count];
        using var slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        var running = new List<Task>(count);
        var started = Stopwatch.GetTimestamp();
        var ticksPerRequest = Stopwatch.Frequency / ratePerSecond;
        // release due requests every few milliseconds: finer timers only burn the CPU the system under test needs
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        var next = 0;
        while (next < count)
        {
            var now = Stopwatch.GetTimestamp();
            while (next < count && started + (long)(next * ticksPerRequest) <= now)
            {
                var index = next++;
                var due = started + (long)(index * ticksPerRequest);
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                running.Add(SendOneAsync(index, due));
            }

            if (next < count)
            {
                await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new LoadRunResult(count, accepted.Count(a => a), elapsed, latencies.Where((_, i) => accepted[i]).ToArray());

        async Task SendOneAsync(int index, long due)
        {
            try
            {
                accepted[index] = await send(index, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                accepted[index] = false;
            }
            finally
            {
                latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
                slots.Release();
            }
        }
    }
}
