using System.ComponentModel.DataAnnotations;

namespace UnlearnRec.Grains.Options;

/// <summary>Ledger and micro-batching of the deletion partitions (section <c>UnlearnRec:Ledger</c>).</summary>
public sealed class DeletionLedgerOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "UnlearnRec:Ledger";

    /// <summary>Most requests per batch sent to the influence grain.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>How long the oldest waiting request may wait for others to join its batch.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Least time between the starts of two ledger writes of one partition (zero: back to back). Larger values mean
    /// fewer, larger writes (less load on the store) and a later acknowledgement.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan WriteSpacing { get; set; } = TimeSpan.Zero;

    /// <summary>First wait before re-sending a batch the influence grain did not take (e.g. no gpu silo up).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryInitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between re-sends (the wait doubles up to this).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryMaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Completed requests each partition remembers (deduplication window and status history). Older ones are
    /// forgotten entirely; a resubmission of such an id is treated as new, which is harmless: the engine applies an
    /// already-forgotten interaction as a no-op. The history is rewritten on every archive, so keep it moderate.
    /// </summary>
    [Range(16, 10_000_000)]
    public int HistoryCapacity { get; set; } = 2048;

    /// <summary>How often completed requests move from the hot ledger record to the history record.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ArchiveInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most items one request may list.</summary>
    [Range(1, 1_000_000)]
    public int MaxItemsPerRequest { get; set; } = 1000;

    /// <summary>
    /// Key of the keyed hash (HMAC-SHA256) the ledger keeps of each request's content after completion. Set a secret
    /// value in production; the default only suits local runs.
    /// </summary>
    [Required]
    [MinLength(8)]
    public string AuditHashKey { get; set; } = "unlearnrec-local-audit-key";
}
