using UnlearnRec.Core.Bundles;

namespace UnlearnRec.Client.Online;

/// <summary>Draws distinct training interactions of a bundle (original ids), e.g. as deletion targets for load.</summary>
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
}
