namespace UnlearnRec.Model.Torch;

/// <summary>
/// Releases the native memory held by finished autograd graphs.
/// </summary>
/// <remarks>
/// TorchSharp's custom autograd functions (our sparse propagation) keep their native graph node alive through a
/// managed object until the garbage collector finalises it; each node pins an N×d "output info" tensor. Without a
/// collection, native memory grows by tens of MB per step on Yelp-sized graphs (5 GB after 200 steps, measured),
/// although every tensor wrapper is disposed. A gen-0 collection plus the finalisers after each optimisation step
/// keeps the resident set flat (about 0.6 GB on yelp2018) at the cost of a fraction of a millisecond.
/// </remarks>
public static class AutogradMemory
{
    /// <summary>Call after each optimisation step (outside the step's dispose scope).</summary>
    public static void ReleaseFinishedGraphs()
    {
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();
    }
}
