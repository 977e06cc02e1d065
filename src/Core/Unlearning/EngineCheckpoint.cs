namespace UnlearnRec.Core.Unlearning;

/// <summary>
/// The durable part of an influence engine's state: which training interactions have been removed and the engine
/// version. Everything else (residual graph, corrected and served embeddings) is recomputed from the bundle plus this.
/// The interactions are recorded as a bit mask over the bundle's training edges rather than as (user, item) pairs, so
/// a checkpoint never holds a forgotten interaction by itself.
/// </summary>
public sealed record EngineCheckpoint
{
    /// <summary>Identity of the model the mask refers to (see <see cref="IRecoverableInfluenceEngine.ModelFingerprint"/>).</summary>
    public required string ModelFingerprint { get; init; }

    /// <summary>Engine version at checkpoint time.</summary>
    public required long Version { get; init; }

    /// <summary>Number of distinct training interactions the mask covers.</summary>
    public required int TrainEdgeCount { get; init; }

    /// <summary>
    /// Bit k (little-endian within each byte) is set when the k-th training interaction, in user-major order of the
    /// deduplicated training graph, has been removed.
    /// </summary>
    public required byte[] RemovedEdgeMask { get; init; }

    /// <summary>True when the served rows came from a consolidation whose learned state the mask cannot restore.</summary>
    public bool Consolidated { get; init; }

    /// <summary>
    /// True when every row of this version is known to have reached the serving stores (a checkpoint written at a clean
    /// shutdown). Otherwise a deliver may have been cut short, and a restore re-sends every row.
    /// </summary>
    public bool AllRowsDelivered { get; init; }
}
