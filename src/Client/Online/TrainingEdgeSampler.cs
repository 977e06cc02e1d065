using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Unlearning;
using UnlearnRec.Model.Bundles;

namespace UnlearnRec.Client.Online;

/// <summary>Draws distinct training interactions of a bundle (original ids), e.g. as deletion targets for load, or reads them from a request file.</summary>
public static class TrainingEdgeSampler
{
    /// <summary>
    /// Up to <paramref name="count"/> distinct interactions, uniformly at random, skipping users in
    /// <paramref name="excludeUsers"/>.
    /// </summary>
    public static List<(long User, long Item)> Sample(ModelBundle bundle, int count, int seed, IReadOnlySet<long>? excludeUsers = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var pairs = bundle.Ints(BundleArrayNames.TrainEdges);
        var users = bundle.Longs(BundleArrayNames.UserIds);
        var items = bundle.Longs(BundleArrayNames.ItemIds);
        var order = Enumerable.Range(0, pairs.Length / 2).ToArray();
        new Random(seed).Shuffle(order);
        var result = new List<(long, long)>(Math.Min(count, order.Length));
        foreach (var k in order)
        {
            var user = users[pairs[2 * k]];
            if (excludeUsers is not null && excludeUsers.Contains(user))
            {
                continue;
            }

            result.Add((user, items[pairs[(2 * k) + 1]]));
            if (result.Count == count)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>
    /// The interactions of a request file (lines <c>user&lt;TAB&gt;item</c> in original ids, optional header), checked
    /// against the bundle's training graph the same way <c>unlearnrec unlearn</c> checks them: an unknown id or an
    /// interaction that is not a training edge is a <see cref="DataFormatException"/> naming the line.
    /// </summary>
    public static List<(long User, long Item)> ReadRequestFile(ModelBundle bundle, string path)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var users = new IdMap(bundle.Longs(BundleArrayNames.UserIds));
        var items = new IdMap(bundle.Longs(BundleArrayNames.ItemIds));
        var graph = BipartiteGraph.Build(users.Count, items.Count, BackboneBundles.ReadEdges(bundle, BundleArrayNames.TrainEdges));
        var request = new UnlearningRequestResolver(users, items, graph).ReadFile(path);
        var result = new List<(long, long)>(request.Count);
        for (var k = 0; k < request.Count; k++)
        {
            result.Add((users.ToOriginal(request.Users[k]), items.ToOriginal(request.Items[k])));
        }

        return result;
    }
}
