namespace UnlearnRec.Core.Metrics;

/// <summary>
/// Accumulates per-user Recall@K and NDCG@K (method.md §6.3) and averages them over the users added.
/// </summary>
/// <remarks>
/// <see cref="Add"/> is not thread-safe: give each worker its own accumulator and combine them with
/// <see cref="Merge"/>, which may be called concurrently on one shared total (it locks the target). Sums are kept in
/// double, so merging in a different order changes results only in the last bits.
/// </remarks>
public sealed class RankingMetricsAccumulator
{
    private readonly object _gate = new();
    private readonly double[] _discount;
    private readonly double[] _ideal;
    private double _recallSum;
    private double _ndcgSum;
    private int _users;

    /// <summary>Creates an empty accumulator for cut-off <paramref name="k"/> (K = 20 in the paper's code).</summary>
    public RankingMetricsAccumulator(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        K = k;
        // precomputed once: 1/log2(r+2) per rank, and the ideal DCG for 1..K relevant items
        _discount = new double[k];
        _ideal = new double[k + 1];
        for (var r = 0; r < k; r++)
        {
            _discount[r] = RankingMetrics.Discount(r);
            _ideal[r + 1] = _ideal[r] + _discount[r];
        }
    }

    /// <summary>The cut-off.</summary>
    public int K { get; }

    /// <summary>Users added so far (users without test items are not counted).</summary>
    public int Users => _users;

    /// <summary>
    /// Adds one user: <paramref name="topK"/> are the recommended item indices, best first (at most K of them,
    /// training items already excluded, no repeats); <paramref name="sortedTestItems"/> are the user's test items in
    /// strictly ascending order. A user with no test item is ignored, as in the paper's evaluation.
    /// </summary>
    /// <exception cref="ArgumentException">More than K recommendations, or test items not strictly ascending.</exception>
    public void Add(ReadOnlySpan<int> topK, ReadOnlySpan<int> sortedTestItems)
    {
        if (topK.Length > K)
        {
            throw new ArgumentException($"got {topK.Length} recommendations for K = {K}", nameof(topK));
        }

        RankingMetrics.RequireStrictlyAscending(sortedTestItems, nameof(sortedTestItems));
        if (sortedTestItems.IsEmpty)
        {
            return;
        }

        var hits = 0;
        var dcg = 0.0;
        for (var r = 0; r < topK.Length; r++)
        {
            if (sortedTestItems.BinarySearch(topK[r]) >= 0)
            {
                hits++;
                dcg += _discount[r];
            }
        }

        _recallSum += (double)hits / sortedTestItems.Length;
        _ndcgSum += dcg / _ideal[Math.Min(sortedTestItems.Length, K)];
        _users++;
    }

    /// <summary>Adds the users of another accumulator with the same K (which must not be in use meanwhile).</summary>
    public void Merge(RankingMetricsAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.K != K)
        {
            throw new ArgumentException($"cannot merge K = {other.K} into K = {K}", nameof(other));
        }

        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("cannot merge an accumulator into itself", nameof(other));
        }

        lock (_gate)
        {
            _recallSum += other._recallSum;
            _ndcgSum += other._ndcgSum;
            _users += other._users;
        }
    }

    /// <summary>The averages so far; Recall = NDCG = 0 when no user has been added.</summary>
    public RankingMetricsResult Result()
    {
        lock (_gate)
        {
            return _users == 0
                ? new RankingMetricsResult(0, 0, 0, K)
                : new RankingMetricsResult(_recallSum / _users, _ndcgSum / _users, _users, K);
        }
    }
}
