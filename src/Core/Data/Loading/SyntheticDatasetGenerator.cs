using System.Globalization;
using UnlearnRec.Core.Common;

namespace UnlearnRec.Core.Data.Loading;

/// <summary>
/// Generates a deterministic power-law user–item graph with latent taste clusters, then splits it per user.
/// </summary>
/// <remarks>
/// The model, chosen so that both properties the experiments rely on are present:
/// <list type="bullet">
/// <item>Skew: user activity follows weights 1/rank^0.8 and item popularity 1/rank^1.0 (ranks randomly permuted),
/// so degrees are heavy-tailed like Gowalla/Yelp and not flat like a uniform random graph.</item>
/// <item>Learnable signal: every user and item belongs to one of <c>clusters</c> latent clusters; each interaction
/// picks, with probability 0.8, an item of the user's own cluster (by popularity within the cluster) and otherwise any
/// item (by global popularity). Users of one cluster therefore share most of their items, which a collaborative
/// filter can learn and a popularity baseline cannot fully capture.</item>
/// </list>
/// Every user gets at least <see cref="MinUserDegree"/> distinct items and at most
/// <see cref="SyntheticSpec.MaxUserDegree"/> (half the catalogue, or 50 × the mean degree if smaller: a pure
/// power law would hand the top user a few percent of all interactions, far beyond real data where the most active
/// user has 30–50 × the mean).
/// </remarks>
internal static class SyntheticDatasetGenerator
{
    /// <summary>Minimum interactions per user (so that the per-user split leaves both train and test non-empty).</summary>
    public const int MinUserDegree = 3;

    private const double UserExponent = 0.8;
    private const double ItemExponent = 1.0;
    private const double ClusterAffinity = 0.8;

    /// <summary>Generates and splits the data set described by <paramref name="spec"/>.</summary>
    public static InteractionDataset Generate(SyntheticSpec spec, double testFraction)
    {
        var random = new StableRandom(spec.Seed, stream: 1);
        var degrees = UserDegrees(spec, random);

        var itemWeights = ZipfWeights(spec.Items, ItemExponent, random);
        var itemCluster = new int[spec.Items];
        for (var v = 0; v < spec.Items; v++)
        {
            itemCluster[v] = random.NextInt(spec.Clusters);
        }

        var global = new WeightedSampler(Enumerable.Range(0, spec.Items).ToArray(), itemWeights);
        var perCluster = new WeightedSampler?[spec.Clusters];
        for (var c = 0; c < spec.Clusters; c++)
        {
            var members = Enumerable.Range(0, spec.Items).Where(v => itemCluster[v] == c).ToArray();
            perCluster[c] = members.Length == 0 ? null : new WeightedSampler(members, itemWeights);
        }

        var users = new int[spec.Interactions];
        var items = new int[spec.Interactions];
        var taken = new int[spec.Items]; // taken[v] == u + 1 ⇔ user u already has item v (no clearing between users)
        var at = 0;
        for (var u = 0; u < spec.Users; u++)
        {
            var own = perCluster[random.NextInt(spec.Clusters)];
            var need = degrees[u];
            var got = 0;
            var attempts = 0L;
            var maxAttempts = (64L * need) + 1000;
            while (got < need && attempts++ < maxAttempts)
            {
                var sampler = own is not null && random.NextDouble() < ClusterAffinity ? own : global;
                var v = sampler.Next(random);
                if (taken[v] != u + 1)
                {
                    taken[v] = u + 1;
                    users[at] = u;
                    items[at++] = v;
                    got++;
                }
            }

            // Rejection sampling stalls only for very heavy users whose popular items are all taken; finish them
            // with a deterministic sweep from a random start so generation always terminates.
            var start = got < need ? random.NextInt(spec.Items) : 0;
            for (var k = 0; got < need; k++)
            {
                var v = (start + k) % spec.Items;
                if (taken[v] != u + 1)
                {
                    taken[v] = u + 1;
                    users[at] = u;
                    items[at++] = v;
                    got++;
                }
            }
        }

        var (train, test) = PerUserSplitter.Split(spec.Users, users, items, testFraction, new StableRandom(spec.Seed, stream: 2));
        var report = new DatasetLoadReport
        {
            SplitDescription = string.Create(
                CultureInfo.InvariantCulture,
                $"synthetic power-law graph (users={spec.Users}, items={spec.Items}, interactions={spec.Interactions}, clusters={spec.Clusters}, seed={spec.Seed}); per-user random split, test fraction {testFraction}, at least one training interaction per user"),
            Notes =
            [
                $"user activity ~ 1/rank^{UserExponent.ToString(CultureInfo.InvariantCulture)}, item popularity ~ 1/rank^{ItemExponent.ToString(CultureInfo.InvariantCulture)}, each user has at least {MinUserDegree} and at most {spec.MaxUserDegree} items",
                $"latent structure: {spec.Clusters} clusters; an interaction comes from the user's cluster with probability {ClusterAffinity.ToString(CultureInfo.InvariantCulture)}",
            ],
        };
        return new InteractionDataset("synthetic", IdMap.Identity(spec.Users), IdMap.Identity(spec.Items), train, test, report);
    }

    /// <summary>
    /// Power-law degrees: <see cref="MinUserDegree"/> each, plus the remaining interactions shared in proportion to
    /// Zipf weights, water-filled so no user exceeds <see cref="SyntheticSpec.MaxUserDegree"/>. Exact total.
    /// </summary>
    private static int[] UserDegrees(SyntheticSpec spec, StableRandom random)
    {
        var n = spec.Users;
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order.AsSpan()); // order[r] = user with activity rank r
        var weight = new double[n];
        for (var r = 0; r < n; r++)
        {
            weight[order[r]] = Math.Pow(r + 1, -UserExponent);
        }

        var degrees = new int[n];
        Array.Fill(degrees, MinUserDegree);
        var full = new bool[n];
        long remaining = spec.Interactions - ((long)n * MinUserDegree);
        while (remaining > 0)
        {
            var total = 0.0;
            for (var u = 0; u < n; u++)
            {
                total += full[u] ? 0 : weight[u];
            }

            var assigned = 0L;
            var capped = false;
            for (var u = 0; u < n; u++)
            {
                if (full[u])
                {
                    continue;
                }

                var room = spec.MaxUserDegree - degrees[u];
                var add = (long)Math.Floor(remaining * weight[u] / total);
                if (add >= room)
                {
                    add = room;
                    full[u] = true;
                    capped = true;
                }

                degrees[u] += (int)add;
                assigned += add;
            }

            remaining -= assigned;
            if (!capped)
            {
                // Flooring lost less than one interaction per open user; hand them out by activity rank.
                for (var r = 0; remaining > 0 && r < n; r++)
                {
                    var u = order[r];
                    if (!full[u] && degrees[u] < spec.MaxUserDegree)
                    {
                        degrees[u]++;
                        remaining--;
                    }
                }
            }
        }

        return degrees;
    }

    private static double[] ZipfWeights(int count, double exponent, StableRandom random)
    {
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order.AsSpan());
        var weights = new double[count];
        for (var r = 0; r < count; r++)
        {
            weights[order[r]] = Math.Pow(r + 1, -exponent);
        }

        return weights;
    }

    /// <summary>Draws members with probability proportional to their weight (cumulative sums + binary search).</summary>
    private sealed class WeightedSampler
    {
        private readonly int[] _members;
        private readonly double[] _cumulative;

        public WeightedSampler(int[] members, double[] weights)
        {
            _members = members;
            _cumulative = new double[members.Length];
            var sum = 0.0;
            for (var i = 0; i < members.Length; i++)
            {
                sum += weights[members[i]];
                _cumulative[i] = sum;
            }
        }

        public int Next(StableRandom random)
        {
            var target = random.NextDouble() * _cumulative[^1];
            var index = Array.BinarySearch(_cumulative, target);
            index = index >= 0 ? index + 1 : ~index; // first cumulative strictly greater than target
            return _members[Math.Min(index, _members.Length - 1)];
        }
    }
}
