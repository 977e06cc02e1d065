namespace UnlearnRec.Grains.Interfaces;

/// <summary>
/// Façade over the influence engine (key <see cref="GrainKeys.InfluencePrimary"/>): one activation in the cluster,
/// placed only on gpu-role silos. Turns batches into corrections, checkpoints the engine and delivers the rows.
/// </summary>
[Alias("UnlearnRec.Grains.Interfaces.IInfluenceGrain")]
public interface IInfluenceGrain : IGrainWithStringKey
{
    /// <summary>Applies a batch; completes once the corrected rows have reached the user and item grains.</summary>
    [Alias("ApplyBatch")]
    [ResponseTimeout("00:05:00")]
    Task<InfluenceBatchResult> ApplyBatchAsync(InfluenceBatch batch);

    /// <summary>Seeds the serving grains from the engine unless they already serve this model (idempotent).</summary>
    [Alias("EnsureSeeded")]
    [ResponseTimeout("00:30:00")]
    Task<EngineStatus> EnsureSeededAsync();

    /// <summary>Engine and serving status.</summary>
    [Alias("Describe")]
    Task<EngineStatus> DescribeAsync();

    /// <summary>Runs a consolidation and refreshes every served row; returns the new version, or null if nothing changed.</summary>
    [Alias("Consolidate")]
    [ResponseTimeout("01:00:00")]
    Task<long?> ConsolidateAsync();

    /// <summary>Every interaction forgotten so far (audit/export).</summary>
    [Alias("GetForgotten")]
    Task<ForgottenInteractionList> GetForgottenAsync();

    /// <summary>All user and item ids of the served model.</summary>
    [Alias("GetModelIds")]
    Task<ServedModelIds> GetModelIdsAsync();
}
