namespace UnlearnRec.Core.Unlearning;

/// <summary>
/// An influence engine whose progress can be checkpointed and restored, so a restarted host resumes at the same
/// version with the same forgotten set (architecture.md §5: nothing acknowledged is lost).
/// </summary>
public interface IRecoverableInfluenceEngine : IInfluenceEngine
{
    /// <summary>Stable identity of the loaded model (same bundle → same fingerprint).</summary>
    string ModelFingerprint { get; }

    /// <summary>The durable state at the current version (queued behind earlier work).</summary>
    Task<EngineCheckpoint> CheckpointAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Restores a checkpoint. Returns true when the forgotten set was restored. When the checkpoint belongs to another
    /// model (different fingerprint) the engine keeps its state, only raises its version above the checkpoint's so the
    /// rows it emits from now on supersede everything served before, and returns false.
    /// </summary>
    Task<bool> RestoreAsync(EngineCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>All interactions forgotten so far, in original ids (for audits and exports).</summary>
    Task<InteractionPairs> ForgottenAsync(CancellationToken cancellationToken = default);
}
