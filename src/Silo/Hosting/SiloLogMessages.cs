using Microsoft.Extensions.Logging;

namespace UnlearnRec.Silo.Hosting;

/// <summary>Log messages of the silo host.</summary>
internal static partial class SiloLogMessages
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Loading model bundle {Source}")]
    public static partial void LoadingModel(ILogger logger, string source);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Model loaded: {Model} on {Dataset}, {Users} users, {Items} items, {Edges} interactions, corrector {Corrector} ({ElapsedMs:F0} ms)")]
    public static partial void ModelLoaded(ILogger logger, string model, string dataset, int users, int items, long edges, string corrector, double elapsedMs);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Critical, Message = "Could not load model bundle {Source}; this silo will not become ready")]
    public static partial void ModelLoadFailed(ILogger logger, Exception exception, string source);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Serving {Model} at engine version {Version} ({Forgotten} interactions forgotten) from {Silo}")]
    public static partial void Serving(ILogger logger, string model, long version, long forgotten, string silo);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Seeding the serving grains failed; retrying in {DelaySeconds} s")]
    public static partial void SeedingRetry(ILogger logger, Exception exception, double delaySeconds);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Silo role {Role}, profile {Profile}, cluster {ClusterId}, silo port {SiloPort}, gateway port {GatewayPort}, HTTP {HttpEndpoint}")]
    public static partial void Starting(ILogger logger, string role, string profile, string clusterId, int siloPort, int gatewayPort, string httpEndpoint);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Activated the {Partitions} deletion partitions in {ElapsedMs:F0} ms")]
    public static partial void PartitionsWarm(ILogger logger, int partitions, double elapsedMs);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "Activating the deletion partitions failed; retrying in {DelaySeconds} s")]
    public static partial void PartitionWarmUpRetry(ILogger logger, Exception exception, double delaySeconds);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Debug, Message = "Warming the path to the influence grain skipped: {Reason}")]
    public static partial void InfluenceWarmUpSkipped(ILogger logger, string reason);
}
