using Microsoft.Extensions.Logging;

namespace UnlearnRec.Grains.Diagnostics;

/// <summary>Log messages of the correction dispatcher.</summary>
internal static partial class DispatchLogMessages
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Delivered engine version {Version}: {UserCalls} user calls, {ShardCalls} shard calls in {ElapsedMs:F1} ms")]
    public static partial void Dispatched(ILogger logger, long version, int userCalls, int shardCalls, double elapsedMs);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Delivering engine version {Version} failed for at least one of {Calls} targets; the batch will be retried")]
    public static partial void DispatchFailed(ILogger logger, Exception exception, long version, int calls);
}
