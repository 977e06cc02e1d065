namespace UnlearnRec.Grains.Interfaces;

/// <summary>
/// Stateless worker that delivers a correction batch: one call per target grain, with bounded concurrency.
/// </summary>
[Alias("UnlearnRec.Grains.Interfaces.ICorrectionDispatcherGrain")]
public interface ICorrectionDispatcherGrain : IGrainWithIntegerKey
{
    /// <summary>Delivers every row; completes when all targets acknowledged (fails if one failed).</summary>
    [Alias("Dispatch")]
    [ResponseTimeout("00:10:00")]
    Task<DispatchReport> DispatchAsync(CorrectionBatch batch);
}
