using System.Diagnostics.Metrics;

namespace UnlearnRec.Grains.Diagnostics;

/// <summary>The application's instruments, on the meter <see cref="MeterName"/> (created through <see cref="IMeterFactory"/>).</summary>
public sealed class UnlearnRecMetrics
{
    /// <summary>Meter name to subscribe to (e.g. <c>AddMeter("UnlearnRec")</c>).</summary>
    public const string MeterName = "UnlearnRec";

    /// <summary>Creates the instruments.</summary>
    public UnlearnRecMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        DeletionsReceived = meter.CreateCounter<long>("deletions_received", "{request}", "Deletion requests durably recorded by a ledger.");
        DeletionsDeduplicated = meter.CreateCounter<long>("deletions_deduplicated", "{request}", "Submissions whose request id was already known.");
        DeletionsRejected = meter.CreateCounter<long>("deletions_rejected", "{request}", "Requests rejected (malformed, unknown ids, not in the graph).");
        DeletionsApplied = meter.CreateCounter<long>("deletions_applied", "{request}", "Requests whose corrections reached the serving grains.");
        DeletionToAppliedMs = meter.CreateHistogram<double>("deletion_to_applied_ms", "ms", "Time from ledger receipt to applied.");
        InfluenceBatchSize = meter.CreateHistogram<int>("influence_batch_size", "{request}", "Requests per batch sent to the influence grain.");
        InfluenceLatencyMs = meter.CreateHistogram<double>("influence_latency_ms", "ms", "Engine time per batch, queueing included.");
        InfluenceRetries = meter.CreateCounter<long>("influence_retries", "{batch}", "Batches re-sent because the influence grain did not take them.");
        CorrectionsApplied = meter.CreateCounter<long>("corrections_applied", "{row}", "Embedding rows taken by user and item-shard grains.");
        CorrectionRows = meter.CreateHistogram<int>("correction_rows", "{row}", "Rows per correction batch.");
        DispatchLatencyMs = meter.CreateHistogram<double>("dispatch_latency_ms", "ms", "Time to deliver one correction batch.");
        FanoutInFlight = meter.CreateUpDownCounter<int>("fanout_inflight", "{call}", "Target calls in flight.");
    }

    /// <summary>Requests recorded.</summary>
    public Counter<long> DeletionsReceived { get; }

    /// <summary>Duplicate submissions.</summary>
    public Counter<long> DeletionsDeduplicated { get; }

    /// <summary>Rejected requests.</summary>
    public Counter<long> DeletionsRejected { get; }

    /// <summary>Applied requests.</summary>
    public Counter<long> DeletionsApplied { get; }

    /// <summary>Receipt-to-applied latency.</summary>
    public Histogram<double> DeletionToAppliedMs { get; }

    /// <summary>Batch sizes.</summary>
    public Histogram<int> InfluenceBatchSize { get; }

    /// <summary>Engine latency per batch.</summary>
    public Histogram<double> InfluenceLatencyMs { get; }

    /// <summary>Batch re-sends.</summary>
    public Counter<long> InfluenceRetries { get; }

    /// <summary>Rows taken by targets.</summary>
    public Counter<long> CorrectionsApplied { get; }

    /// <summary>Rows per correction batch.</summary>
    public Histogram<int> CorrectionRows { get; }

    /// <summary>Dispatch latency.</summary>
    public Histogram<double> DispatchLatencyMs { get; }

    /// <summary>Target calls in flight.</summary>
    public UpDownCounter<int> FanoutInFlight { get; }
}
