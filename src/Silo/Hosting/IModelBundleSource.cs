using UnlearnRec.Core.Bundles;

namespace UnlearnRec.Silo.Hosting;

/// <summary>Where the gpu-role silo gets its model from (a bundle directory, or an in-memory bundle in tests/demo).</summary>
public interface IModelBundleSource
{
    /// <summary>Human-readable origin, for logs.</summary>
    string Description { get; }

    /// <summary>Loads the bundle (may be slow; called once, off the request path).</summary>
    ModelBundle Load();
}
