using UnlearnRec.Core.Graphs;

namespace UnlearnRec.Model.Training;

/// <summary>
/// Uniform negative sampling: for each user, an item drawn uniformly from the items the user has no training
/// interaction with (method.md A17). Rejection sampling against the user's sorted item row; deterministic for a seed
/// regardless of thread scheduling (each chunk has its own generator derived from the seed).
/// </summary>
public static class NegativeSampler
{
    private const int ChunkSize = 16_384;

    /// <summary>Fills <paramref name="negatives"/>[i] with a non-interacted item of <paramref name="users"/>[i].</summary>
    /// <exception cref="InvalidOperationException">A user has interacted with every item (no negative exists).</exception>
    public static void Sample(BipartiteGraph graph, ReadOnlySpan<int> users, Span<int> negatives, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (negatives.Length != users.Length)
        {
            throw new ArgumentException("users and negatives differ in length");
        }

        var u = users.ToArray();
        var result = new int[u.Length];
        var chunks = (u.Length + ChunkSize - 1) / ChunkSize;
        Parallel.For(0, chunks, c =>
        {
            var rng = new SplitMix64(seed ^ (0x9E3779B97F4A7C15UL * (ulong)(c + 1)));
            var end = Math.Min(u.Length, (c + 1) * ChunkSize);
            for (var i = c * ChunkSize; i < end; i++)
            {
                result[i] = SampleOne(graph, u[i], ref rng);
            }
        });
        result.CopyTo(negatives);
    }

    private static int SampleOne(BipartiteGraph graph, int user, ref SplitMix64 rng)
    {
        var items = graph.ItemsOf(user);
        var itemCount = graph.ItemCount;
        if (items.Length >= itemCount)
        {
            throw new InvalidOperationException($"user {user} has interacted with all {itemCount} items; no negative can be sampled");
        }

        // dense users (more than half of all items) would reject often: draw the k-th non-interacted item directly
        if (items.Length * 2 > itemCount)
        {
            var k = (int)rng.NextBelow((ulong)(itemCount - items.Length));
            var candidate = k;
            foreach (var it in items)
            {
                if (it <= candidate)
                {
                    candidate++;
                }
                else
                {
                    break;
                }
            }

            return candidate;
        }

        while (true)
        {
            var v = (int)rng.NextBelow((ulong)itemCount);
            if (items.BinarySearch(v) < 0)
            {
                return v;
            }
        }
    }
}
