// Tensor counters, the torch RNG seed and libtorch's thread pool are process-wide: tests that train or count live
// tensors must not run concurrently, or they measure each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
