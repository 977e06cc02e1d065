using Microsoft.Extensions.Logging;

namespace UnlearnRec.Grains.Diagnostics;

/// <summary>Log messages of the deletion partitions (ledger, batching, recovery).</summary>
internal static partial class LedgerLogMessages
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Partition {Partition} activated with {Open} open requests ({History} remembered); re-driving open work")]
    public static partial void Activated(ILogger logger, long partition, int open, int history);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Partition {Partition} batch {Sequence} ({Requests} requests) was not taken by the influence grain (attempt {Attempt}); retrying in {DelayMs} ms")]
    public static partial void BatchRetry(ILogger logger, Exception exception, long partition, long sequence, int requests, int attempt, double delayMs);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Partition {Partition} batch {Sequence}: {Applied} applied, {Rejected} rejected at engine version {Version}")]
    public static partial void BatchCompleted(ILogger logger, long partition, long sequence, int applied, int rejected, long version);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Partition {Partition} rejected request {RequestId}: {Reason}")]
    public static partial void Rejected(ILogger logger, long partition, string requestId, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Partition {Partition} could not write its ledger; will retry")]
    public static partial void LedgerWriteFailed(ILogger logger, Exception exception, long partition);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Partition {Partition} could not register its recovery reminder")]
    public static partial void ReminderFailed(ILogger logger, Exception exception, long partition);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Partition {Partition} batch loop stopped unexpectedly; it restarts after the longest back-off")]
    public static partial void BatchLoopFailed(ILogger logger, Exception exception, long partition);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Stream delivery to partition {Partition} failed")]
    public static partial void StreamError(ILogger logger, Exception exception, long partition);
}
