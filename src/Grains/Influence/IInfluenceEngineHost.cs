using UnlearnRec.Core.Unlearning;

namespace UnlearnRec.Grains.Influence;

/// <summary>
/// Gives the influence grain the silo's engine. The gpu-role silo loads the engine (from its model bundle) in the
/// background at start; the grain awaits it. Grains never reference the model code: they see only Core's interface.
/// </summary>
public interface IInfluenceEngineHost
{
    /// <summary>True once the engine is loaded.</summary>
    bool IsLoaded { get; }

    /// <summary>Why loading failed, or null.</summary>
    string? LoadError { get; }

    /// <summary>The engine, once loaded; faults when loading failed or no engine is configured on this silo.</summary>
    Task<IInfluenceEngine> GetEngineAsync(CancellationToken cancellationToken);
}
