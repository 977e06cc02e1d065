using System.Numerics.Tensors;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;

namespace UnlearnRec.Client.Online;

/// <summary>
/// Score-based membership-inference probe on served embeddings (method.md §6.4), with p = σ(⟨e_u, e_i⟩):
/// MI-BF = mean p_before(forgotten) / mean p_after(forgotten) and MI-NG = mean p_after(non-edges) / mean
/// p_after(forgotten). "Before" is the bundle's original model; "after" is what the grains serve. Values above 1 mean
/// the forgotten interactions lost their membership signal.
/// </summary>
public static class MembershipProbe
{
    /// <summary>Measures both ratios; <paramref name="servedRows"/> returns the served rows of the given users and items.</summary>
    public static async Task<MembershipReport> MeasureAsync(
        ModelBundle bundle,
        IReadOnlyList<(long User, long Item)> forgotten,
        Func<long[], long[], Task<(Dictionary<long, float[]> Users, Dictionary<long, float[]> Items)>> servedRows,
        int seed,
        int negativeDraws = 5)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(forgotten);
        ArgumentNullException.ThrowIfNull(servedRows);
        if (forgotten.Count == 0)
        {
            return new MembershipReport(0, 0, 0, 0, 0, 0);
        }

        var m = bundle.Manifest;
        var userMap = new IdMap(bundle.Longs(BundleArrayNames.UserIds));
        var itemMap = new IdMap(bundle.Longs(BundleArrayNames.ItemIds));
        var final = bundle.Floats(BundleArrayNames.Final);
        var dim = m.Dim;
        var train = new HashSet<long>();
        var pairs = bundle.Ints(BundleArrayNames.TrainEdges);
        for (var e = 0; e < pairs.Length / 2; e++)
        {
            train.Add(EdgeList.Key(pairs[2 * e], pairs[(2 * e) + 1]));
        }

        // negatives: uniformly drawn user-item pairs that are not training interactions, |negatives| = |forgotten| per draw
        var random = new Random(seed);
        var negatives = new List<(long User, long Item)>(forgotten.Count * negativeDraws);
        while (negatives.Count < forgotten.Count * negativeDraws)
        {
            var u = random.Next(m.Users);
            var v = random.Next(m.Items);
            if (!train.Contains(EdgeList.Key(u, v)))
            {
                negatives.Add((userMap.ToOriginal(u), itemMap.ToOriginal(v)));
            }
        }

        var allUsers = forgotten.Select(f => f.User).Concat(negatives.Select(n => n.User)).Distinct().ToArray();
        var allItems = forgotten.Select(f => f.Item).Concat(negatives.Select(n => n.Item)).Distinct().ToArray();
        var (servedUsers, servedItems) = await servedRows(allUsers, allItems).ConfigureAwait(false);

        double Before((long User, long Item) p)
        {
            userMap.TryGetIndex(p.User, out var u);
            itemMap.TryGetIndex(p.Item, out var v);
            return Sigmoid(TensorPrimitives.Dot(final.AsSpan(u * dim, dim), final.AsSpan((m.Users + v) * dim, dim)));
        }

        double After((long User, long Item) p) => Sigmoid(TensorPrimitives.Dot(servedUsers[p.User].AsSpan(), servedItems[p.Item].AsSpan()));

        var before = forgotten.Average(Before);
        var after = forgotten.Average(After);
        var negative = negatives.Average(After);
        return new MembershipReport(before / after, negative / after, before, after, negative, forgotten.Count);
    }

    private static double Sigmoid(float x) => 1.0 / (1.0 + Math.Exp(-x));
}
