using UnlearnRec.Core.Bundles;
using UnlearnRec.Model.Engine;

namespace UnlearnRec.Grains.Tests;

/// <summary>Small untrained bundles (random E0, exact Ē) shared by the grain tests.</summary>
public static class TestBundles
{
    /// <summary>The shape used by the cluster tests: small enough to seed in well under a second.</summary>
    public static SyntheticBundleSpec SmallSpec { get; } = new() { Users = 120, Items = 80, InteractionsPerUser = 8, Dim = 16, Layers = 2, Seed = 11 };

    /// <summary>A fresh small bundle.</summary>
    public static ModelBundle Small() => UntrainedBundleFactory.Synthetic(SmallSpec);

    /// <summary>The k-th training interaction in original ids.</summary>
    public static (long User, long Item) Edge(ModelBundle bundle, int k)
    {
        var pairs = bundle.Ints(BundleArrayNames.TrainEdges);
        return (bundle.Longs(BundleArrayNames.UserIds)[pairs[2 * k]], bundle.Longs(BundleArrayNames.ItemIds)[pairs[(2 * k) + 1]]);
    }

    /// <summary>Number of training interactions.</summary>
    public static int EdgeCount(ModelBundle bundle) => bundle.Ints(BundleArrayNames.TrainEdges).Length / 2;

    /// <summary>Items a user interacted with in the bundle.</summary>
    public static long[] ItemsOf(ModelBundle bundle, long user) =>
        Enumerable.Range(0, EdgeCount(bundle)).Select(k => Edge(bundle, k)).Where(e => e.User == user).Select(e => e.Item).ToArray();
}
