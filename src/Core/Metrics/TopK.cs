namespace UnlearnRec.Core.Metrics;

/// <summary>
/// Selects the K largest scores of a span with their indices, skipping masked indices — the serving and evaluation
/// primitive behind "recommend the best K unseen items".
/// </summary>
/// <remarks>
/// A size-K min-heap over one pass: O(n log K) time and no allocation beyond the output, which matters when item
/// shards answer many users. Order is score descending, ties broken by the lower index first (the same rule as
/// <see cref="RankingMetrics.BruteForce"/>, so results are reproducible across evaluators). NaN scores are never selected.
/// </remarks>
public static class TopK
{
    /// <summary>
    /// Writes the best <paramref name="k"/> (or fewer, if fewer candidates exist) indices and scores, best first,
    /// and returns how many were written.
    /// </summary>
    /// <param name="scores">One score per index.</param>
    /// <param name="k">How many to select (0 selects nothing).</param>
    /// <param name="sortedExcluded">Indices to skip, strictly ascending (e.g. the user's training items); may be empty.</param>
    /// <param name="indices">Receives the selected indices; needs room for k.</param>
    /// <param name="topScores">Receives their scores; needs room for k.</param>
    /// <exception cref="ArgumentException">Output too small, negative k, or excluded indices not ascending.</exception>
    public static int Select(ReadOnlySpan<float> scores, int k, ReadOnlySpan<int> sortedExcluded, Span<int> indices, Span<float> topScores)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (indices.Length < k || topScores.Length < k)
        {
            throw new ArgumentException($"outputs need room for k = {k} entries");
        }

        RankingMetrics.RequireStrictlyAscending(sortedExcluded, nameof(sortedExcluded));
        var heapIndex = indices[..k];
        var heapScore = topScores[..k];
        var count = 0;
        var next = 0; // cursor into sortedExcluded (both walk upwards, so the mask costs O(n + m))
        for (var i = 0; i < scores.Length && k > 0; i++)
        {
            while (next < sortedExcluded.Length && sortedExcluded[next] < i)
            {
                next++;
            }

            if (next < sortedExcluded.Length && sortedExcluded[next] == i)
            {
                continue;
            }

            var s = scores[i];
            if (float.IsNaN(s))
            {
                continue;
            }

            if (count < k)
            {
                heapIndex[count] = i;
                heapScore[count] = s;
                SiftUp(heapIndex, heapScore, count++);
            }
            else if (s > heapScore[0])
            {
                // i grows, so a candidate tying the worst kept score has a higher index and never displaces it
                heapIndex[0] = i;
                heapScore[0] = s;
                SiftDown(heapIndex, heapScore, 0, count);
            }
        }

        // heap sort: repeatedly move the worst remaining entry to the back, leaving the best first
        for (var end = count - 1; end > 0; end--)
        {
            (heapIndex[0], heapIndex[end]) = (heapIndex[end], heapIndex[0]);
            (heapScore[0], heapScore[end]) = (heapScore[end], heapScore[0]);
            SiftDown(heapIndex, heapScore, 0, end);
        }

        return count;
    }

    /// <summary>The indices of the best <paramref name="k"/> scores, best first, skipping <paramref name="sortedExcluded"/>.</summary>
    public static int[] Select(ReadOnlySpan<float> scores, int k, ReadOnlySpan<int> sortedExcluded = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var size = Math.Min(k, scores.Length);
        var indices = new int[size];
        var values = new float[size];
        var count = Select(scores, size, sortedExcluded, indices, values);
        return count == size ? indices : indices[..count];
    }

    // "worse" = lower score, or equal score and higher index; the heap keeps the worst kept entry at the root
    private static bool Worse(Span<int> index, Span<float> score, int a, int b) =>
        score[a] < score[b] || (score[a] == score[b] && index[a] > index[b]);

    private static void SiftUp(Span<int> index, Span<float> score, int at)
    {
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            if (!Worse(index, score, at, parent))
            {
                return;
            }

            Swap(index, score, at, parent);
            at = parent;
        }
    }

    private static void SiftDown(Span<int> index, Span<float> score, int at, int size)
    {
        while (true)
        {
            var worst = at;
            var left = (2 * at) + 1;
            var right = left + 1;
            if (left < size && Worse(index, score, left, worst))
            {
                worst = left;
            }

            if (right < size && Worse(index, score, right, worst))
            {
                worst = right;
            }

            if (worst == at)
            {
                return;
            }

            Swap(index, score, at, worst);
            at = worst;
        }
    }

    private static void Swap(Span<int> index, Span<float> score, int a, int b)
    {
        (index[a], index[b]) = (index[b], index[a]);
        (score[a], score[b]) = (score[b], score[a]);
    }
}
