using UnlearnRec.Core.Graphs;

namespace UnlearnRec.Core.Metrics;

/// <summary>
/// Full-ranking Recall@K and NDCG@K as in the paper's code (method.md §6.3), per user and as a brute-force
/// reference evaluation.
/// </summary>
/// <remarks>
/// Recall@K = hits / |T_u| (denominator |T_u|, not min(K, |T_u|)); NDCG@K = Σ over hits at 0-based rank r of
/// 1/log2(r+2), divided by Σ_{r=0}^{min(|T_u|,K)−1} 1/log2(r+2). Both are averaged over users with at least one test item.
/// </remarks>
public static class RankingMetrics
{
    /// <summary>Recall of one user: hits in <paramref name="topK"/> divided by |T_u|; 0 when T_u is empty.</summary>
    public static double Recall(ReadOnlySpan<int> topK, ReadOnlySpan<int> sortedTestItems)
    {
        RequireStrictlyAscending(sortedTestItems, nameof(sortedTestItems));
        if (sortedTestItems.IsEmpty)
        {
            return 0;
        }

        var hits = 0;
        foreach (var item in topK)
        {
            hits += sortedTestItems.BinarySearch(item) >= 0 ? 1 : 0;
        }

        return (double)hits / sortedTestItems.Length;
    }

    /// <summary>NDCG@<paramref name="k"/> of one user (only the first k recommendations count); 0 when T_u is empty.</summary>
    public static double Ndcg(ReadOnlySpan<int> topK, ReadOnlySpan<int> sortedTestItems, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        RequireStrictlyAscending(sortedTestItems, nameof(sortedTestItems));
        if (sortedTestItems.IsEmpty)
        {
            return 0;
        }

        var dcg = 0.0;
        for (var r = 0; r < Math.Min(k, topK.Length); r++)
        {
            dcg += sortedTestItems.BinarySearch(topK[r]) >= 0 ? Discount(r) : 0;
        }

        var ideal = 0.0;
        for (var r = 0; r < Math.Min(k, sortedTestItems.Length); r++)
        {
            ideal += Discount(r);
        }

        return dcg / ideal;
    }

    /// <summary>
    /// Reference evaluation with plain loops, the oracle for faster evaluators: for every user with a test item,
    /// scores every item by the dot product (accumulated in double) of the user's and the item's embedding, drops the
    /// user's training items, sorts by score descending — ties broken by the lower item index first — and feeds the
    /// first <paramref name="k"/> to a <see cref="RankingMetricsAccumulator"/>.
    /// </summary>
    /// <param name="userEmb">User embeddings, row-major UserCount × dim.</param>
    /// <param name="itemEmb">Item embeddings, row-major ItemCount × dim.</param>
    /// <param name="dim">Embedding width.</param>
    /// <param name="train">Training graph: its items are masked per user.</param>
    /// <param name="test">Test graph with the same users and items.</param>
    /// <param name="k">Cut-off.</param>
    public static RankingMetricsResult BruteForce(float[] userEmb, float[] itemEmb, int dim, BipartiteGraph train, BipartiteGraph test, int k)
    {
        ArgumentNullException.ThrowIfNull(userEmb);
        ArgumentNullException.ThrowIfNull(itemEmb);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        if (test.UserCount != train.UserCount || test.ItemCount != train.ItemCount)
        {
            throw new ArgumentException($"test graph is {test.UserCount}×{test.ItemCount}, train graph {train.UserCount}×{train.ItemCount}", nameof(test));
        }

        if (userEmb.Length != (long)train.UserCount * dim || itemEmb.Length != (long)train.ItemCount * dim)
        {
            throw new ArgumentException($"embeddings must be {train.UserCount}×{dim} and {train.ItemCount}×{dim}");
        }

        var accumulator = new RankingMetricsAccumulator(k);
        var items = train.ItemCount;
        var scores = new double[items];
        var candidates = new int[items];
        Comparison<int> byRank = (a, b) => scores[a] != scores[b] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b);
        for (var u = 0; u < train.UserCount; u++)
        {
            if (test.UserDegree(u) == 0)
            {
                continue;
            }

            var n = 0;
            for (var v = 0; v < items; v++)
            {
                if (train.Contains(u, v))
                {
                    continue;
                }

                var s = 0.0;
                for (var d = 0; d < dim; d++)
                {
                    s += (double)userEmb[(u * dim) + d] * itemEmb[(v * dim) + d];
                }

                scores[v] = s;
                candidates[n++] = v;
            }

            var ranked = candidates.AsSpan(0, n);
            ranked.Sort(byRank);
            accumulator.Add(ranked[..Math.Min(k, n)], test.ItemsOf(u));
        }

        return accumulator.Result();
    }

    /// <summary>The rank discount 1/log2(r+2) of 0-based rank r.</summary>
    internal static double Discount(int rank) => 1.0 / Math.Log2(rank + 2);

    internal static void RequireStrictlyAscending(ReadOnlySpan<int> values, string name)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] <= values[i - 1])
            {
                throw new ArgumentException($"must be strictly ascending, but [{i - 1}] = {values[i - 1]} and [{i}] = {values[i]}", name);
            }
        }
    }
}
