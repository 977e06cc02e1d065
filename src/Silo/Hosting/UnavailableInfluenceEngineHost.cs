using UnlearnRec.Core.Unlearning;
using UnlearnRec.Grains.Influence;

namespace UnlearnRec.Silo.Hosting;

/// <summary>The engine host of a cpu-role silo: there is no engine here (the influence grain never activates here).</summary>
public sealed class UnavailableInfluenceEngineHost : IInfluenceEngineHost
{
    /// <inheritdoc />
    public bool IsLoaded => false;

    /// <inheritdoc />
    public string? LoadError => "this silo has the cpu role and hosts no influence engine";

    /// <inheritdoc />
    public Task<IInfluenceEngine> GetEngineAsync(CancellationToken cancellationToken) =>
        Task.FromException<IInfluenceEngine>(new InvalidOperationException(LoadError));
}
