using UnlearnRec.Core.Bundles;

namespace UnlearnRec.Silo.Hosting;

/// <summary>A bundle that is already in memory (embedded demo, tests).</summary>
public sealed class InMemoryModelBundleSource(ModelBundle bundle, string description = "in-memory bundle") : IModelBundleSource
{
    /// <inheritdoc />
    public string Description => description;

    /// <inheritdoc />
    public ModelBundle Load() => bundle;
}
