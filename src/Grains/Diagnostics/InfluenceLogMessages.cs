using Microsoft.Extensions.Logging;

namespace UnlearnRec.Grains.Diagnostics;

/// <summary>Log messages of the influence grain.</summary>
internal static partial class InfluenceLogMessages
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Engine restored from checkpoint version {Version} ({Forgotten} interactions forgotten)")]
    public static partial void Restored(ILogger logger, long version, long forgotten);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Engine checkpoint belongs to model {CheckpointModel}, the loaded model is {LoadedModel}: starting fresh at version {Version} and re-seeding")]
    public static partial void ForeignCheckpoint(ILogger logger, string checkpointModel, string loadedModel, long version);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Engine {EngineType} cannot checkpoint: its forgotten set will not survive a restart")]
    public static partial void NotRecoverable(ILogger logger, string engineType);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Seeding serving grains: {Users} users, {Items} items at engine version {Version}")]
    public static partial void SeedingStarted(ILogger logger, int users, int items, long version);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Seeded {Users} users and {Items} items in {ElapsedMs:F0} ms")]
    public static partial void SeedingCompleted(ILogger logger, int users, int items, double elapsedMs);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Batch {Partition}/{Sequence}: {Requests} requests → engine version {Version}, {UserRows} user rows, {ItemRows} item rows; engine {EngineMs:F0} ms (computing {ComputeMs:F0} ms), delivery {DeliveryMs:F0} ms")]
    public static partial void BatchApplied(ILogger logger, int partition, long sequence, int requests, long version, int userRows, int itemRows, double engineMs, double computeMs, double deliveryMs);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Consolidation produced engine version {Version}: refreshed {UserRows} users and {ItemRows} items")]
    public static partial void Consolidated(ILogger logger, long version, int userRows, int itemRows);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Error, Message = "Influence grain initialization failed; the next call retries")]
    public static partial void InitializationFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Flushing held-back rows failed; retrying")]
    public static partial void DriftFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Error, Message = "Background consolidation failed")]
    public static partial void ConsolidationFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Could not write the final engine checkpoint ({Reason}); the next start re-sends every row")]
    public static partial void FinalCheckpointFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Silo(s) {Silos} left the cluster: re-sending every served row (rows written behind there may be lost)")]
    public static partial void SiloLost(ILogger logger, string silos);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "Re-sent {Users} user rows and {Items} item rows at engine version {Version} in {ElapsedMs:F0} ms")]
    public static partial void Refreshed(ILogger logger, int users, int items, long version, double elapsedMs);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Warning, Message = "Re-sending the served rows failed; trying again")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Debug, Message = "Checkpoint of engine version {Version} written ({MaskBytes} mask bytes) in {ElapsedMs:F1} ms")]
    public static partial void CheckpointWritten(ILogger logger, long version, int maskBytes, double elapsedMs);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Warning, Message = "Background engine checkpoint failed; retrying at the next interval")]
    public static partial void BackgroundCheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Information, Message = "Replayed the removal journal on the restored engine: {Edges} interactions from {Records} computations since the last checkpoint ({ElapsedMs:F0} ms)")]
    public static partial void JournalReplayed(ILogger logger, int edges, int records, double elapsedMs);

    [LoggerMessage(EventId = 2018, Level = LogLevel.Warning, Message = "{Count} journaled removals were rejected by the restored engine (first: {Error})")]
    public static partial void JournalEntriesRejected(ILogger logger, int count, string error);
}
