using System.Runtime.CompilerServices;
using UnlearnRec.Model.Torch;

// Tensor counters, the torch RNG seed and libtorch's thread pool are process-wide: tests that train or count live
// tensors must not run concurrently, or they measure each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace UnlearnRec.Model.Tests;

/// <summary>Applies the process-wide native settings before any test touches libtorch.</summary>
internal static class TestAssemblySettings
{
#pragma warning disable CA2255 // a test assembly is exactly where a module initializer belongs
    [ModuleInitializer]
    internal static void Initialise() => ComputeDevice.EnsureInitialised();
#pragma warning restore CA2255
}
