using System.ComponentModel.DataAnnotations;

namespace UnlearnRec.Model.Engine;

/// <summary>
/// Tuning of <see cref="InfluenceEngine"/>. Bound from configuration section <c>UnlearnRec:Engine</c> on the silo.
/// </summary>
public sealed class InfluenceEngineOptions
{
    /// <summary>Configuration section the silo binds.</summary>
    public const string SectionName = "UnlearnRec:Engine";

    /// <summary>
    /// Jobs that may wait for the engine thread. When the queue is full, callers wait (backpressure) instead of
    /// piling up work the engine cannot absorb.
    /// </summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Upper bound on requests merged into one engine computation.</summary>
    [Range(1, 1_000_000)]
    public int MaxRequestsPerComputation { get; set; } = 4096;

    /// <summary>Upper bound on items listed in one request (larger requests are rejected as malformed).</summary>
    [Range(1, 1_000_000)]
    public int MaxItemsPerRequest { get; set; } = 10_000;

    /// <summary>
    /// A served row is re-sent only when one of its components moved by more than this fraction of the model's
    /// embedding scale (the largest absolute value in the bundle's final embeddings), so the setting means the same for
    /// any model. 0 sends every row that changed at all. Rows below the tolerance keep their last sent value; the engine
    /// compares against that value, so drift never accumulates beyond the tolerance. The rows of the requests' own users
    /// and items are always sent exactly, whatever the tolerance; a consolidation re-sends every row exactly.
    /// </summary>
    [Range(0.0, 1.0)]
    public float ChangeTolerance { get; set; } = 1e-2f;

    /// <summary>
    /// Fan-out cap: at most this many user rows per computation (0 = no cap). Rows of the requests' own users and
    /// items always go first; the rest are ordered by how much they moved, and held-back rows follow in later
    /// computations (<see cref="UnlearnRec.Core.Unlearning.CorrectionSet.DeferredRows"/>).
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MaxUserRowsPerComputation { get; set; } = 1024;

    /// <summary>
    /// When true (the default), a computation that applies requests sends only the rows of the requests' own users and
    /// items, which is what the requests wait for; every other row that moved beyond the tolerance (the neighbourhood
    /// the propagation reaches) follows in flush computations right after, at most
    /// <see cref="MaxUserRowsPerComputation"/> user rows each. On dense graphs a deletion moves almost every row, so
    /// without deferral each request would wait for the whole graph to be rewritten. False sends everything at once.
    /// </summary>
    public bool DeferNeighbourRows { get; set; } = true;

    /// <summary>Fan-out cap for item rows (0 = no cap). Item rows are cheap: they travel in one call per shard.</summary>
    [Range(0, int.MaxValue)]
    public int MaxItemRowsPerComputation { get; set; }

    /// <summary>
    /// Load-time consistency check: the bundle's final embeddings must match a propagation of its ego embeddings on
    /// its training graph within this relative error; a larger error means a wrong readout or mixed-up files.
    /// </summary>
    [Range(0.0, 10.0)]
    public float FinalEmbeddingCheckTolerance { get; set; } = 0.01f;

    /// <summary>
    /// Threads the sparse kernels may use (process-wide; applied by the silo host when it creates the engine). 1 keeps
    /// the propagation on the engine's own thread: on small machines a pool-parallel kernel only competes with the
    /// grains for the same cores and stalls when the pool is busy. 0 leaves the process default.
    /// </summary>
    [Range(0, 1024)]
    public int KernelParallelism { get; set; } = 1;

    /// <summary>Label of the compute device reported by <c>Describe</c> (the engine's own kernels run on the CPU).</summary>
    [Required]
    public string Device { get; set; } = "cpu";

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid setting.</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ArgumentException("invalid influence engine options: " + string.Join("; ", results.Select(r => r.ErrorMessage)));
        }
    }
}
