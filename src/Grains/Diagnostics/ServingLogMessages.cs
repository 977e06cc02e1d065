using Microsoft.Extensions.Logging;

namespace UnlearnRec.Grains.Diagnostics;

/// <summary>Log messages of the serving grains (users, item shards, recommendations).</summary>
internal static partial class ServingLogMessages
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Item shard {Shard} switches from dim {OldDim} to dim {NewDim}: a newer model replaces every row")]
    public static partial void ShardReset(ILogger logger, long shard, int oldDim, int newDim);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Recommendation for user {UserId} asked for an unknown user")]
    public static partial void UnknownUser(ILogger logger, long userId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Writing the served embedding of {Grain} behind failed; retrying at the next interval")]
    public static partial void WriteBehindFailed(ILogger logger, Exception exception, string grain);
}
