namespace UnlearnRec.Silo.Hosting;

/// <summary>
/// Retries a start-up step of the silo host until it succeeds or the host stops: 1 s after the first failure, then
/// twice as long each time, at most 10 s apart (storage or the gpu silo may take a while to come up).
/// </summary>
internal static class StartupRetry
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="attempt"/> until it completes; <paramref name="retrying"/> hears each failure and the wait before the next try.</summary>
    public static async Task UntilDoneAsync(Func<CancellationToken, Task> attempt, Action<Exception, TimeSpan> retrying, CancellationToken stoppingToken)
    {
        var delay = FirstDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await attempt(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                retrying(e, delay);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                delay = delay * 2 < LongestDelay ? delay * 2 : LongestDelay;
            }
        }
    }
}
