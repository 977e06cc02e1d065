using Microsoft.Extensions.Logging;

namespace UnlearnRec.Silo.Ingress;

/// <summary>Log messages of the HTTP ingress.</summary>
internal static partial class IngressLogMessages
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Rejected a deletion request at the ingress: {Reason}")]
    public static partial void BadRequest(ILogger logger, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Ingress call {Path} failed: the cluster could not answer")]
    public static partial void Unavailable(ILogger logger, Exception exception, string path);
}
