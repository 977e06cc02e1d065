using UnlearnRec.Core.Bundles;

namespace UnlearnRec.Silo.Hosting;

/// <summary>A bundle directory written by <c>unlearnrec train</c>/<c>pretrain</c> (or <c>demo-bundle</c>).</summary>
public sealed class DirectoryModelBundleSource(string directory) : IModelBundleSource
{
    /// <inheritdoc />
    public string Description => Path.GetFullPath(directory);

    /// <inheritdoc />
    public ModelBundle Load() => ModelBundle.Load(directory);
}
