using Microsoft.Extensions.Logging;

namespace UnlearnRec.Silo.Storage;

/// <summary>Log messages of the grain storage providers.</summary>
internal static partial class StorageLogMessages
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Grain storage {Provider}: table(s) {Table}, {Buckets} partition buckets, up to {MaxEntities} states per transaction, write-behind gathered for up to {GatherMs} ms")]
    public static partial void Started(ILogger logger, string provider, string table, int buckets, int maxEntities, double gatherMs);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Grain storage {Provider}: a transaction of {Entities} states in bucket {Bucket} failed; they are reported failed to their grains")]
    public static partial void TransactionFailed(ILogger logger, Exception exception, string provider, int entities, int bucket);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Debug, Message = "Grain storage {Provider}: write conflict for {RowKey} (status {Status}); the other {Others} states of its transaction are retried")]
    public static partial void Conflict(ILogger logger, string provider, string rowKey, int status, int others);
}
