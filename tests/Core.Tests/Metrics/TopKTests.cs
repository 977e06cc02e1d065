using UnlearnRec.Core.Metrics;

namespace UnlearnRec.Core.Tests.Metrics;

public sealed class TopKTests
{
    [Fact]
    public void Selects_best_first_with_ties_by_lower_index_and_skips_excluded()
    {
        float[] scores = [0.5f, 0.9f, 0.1f, 0.9f, 0.7f, 0.9f, 0.2f];

        Assert.Equal(new[] { 1, 3, 5, 4 }, TopK.Select(scores, 4));
        Assert.Equal(new[] { 1, 5, 4 }, TopK.Select(scores, 3, [3]));
        Assert.Equal(new[] { 4, 0, 6 }, TopK.Select(scores, 3, [1, 3, 5]));
    }

    [Fact]
    public void Span_overload_returns_scores_and_count()
    {
        float[] scores = [1f, 4f, 2f];
        var idx = new int[5];
        var val = new float[5];

        var n = TopK.Select(scores, 5, [0], idx, val);

        Assert.Equal(2, n);
        Assert.Equal(new[] { 1, 2 }, idx[..n]);
        Assert.Equal(new[] { 4f, 2f }, val[..n]);
    }

    [Fact]
    public void Edge_cases_k_zero_k_above_n_nan_and_infinities()
    {
        float[] scores = [float.NaN, float.NegativeInfinity, 3f, float.PositiveInfinity];

        Assert.Empty(TopK.Select(scores, 0));
        Assert.Equal(new[] { 3, 2, 1 }, TopK.Select(scores, 10));
        Assert.Empty(TopK.Select([], 3));
        Assert.Empty(TopK.Select([1f, 2f], 2, [0, 1]));
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => TopK.Select([1f, 2f, 3f], 2, [2, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TopK.Select([1f], -1));
        Assert.Throws<ArgumentException>(() => TopK.Select([1f, 2f], 2, [], new int[1], new float[2]));
    }

    [Fact]
    public void Matches_a_full_sort_on_random_scores_with_many_ties()
    {
        var random = new Random(3);
        for (var round = 0; round < 200; round++)
        {
            var n = random.Next(0, 60);
            var scores = Enumerable.Range(0, n).Select(_ => (float)random.Next(0, 6)).ToArray(); // heavy ties
            var excluded = Enumerable.Range(0, n).Where(_ => random.NextDouble() < 0.3).ToArray();
            var k = random.Next(0, 15);

            var expected = Enumerable.Range(0, n)
                .Where(i => Array.BinarySearch(excluded, i) < 0)
                .OrderByDescending(i => scores[i])
                .ThenBy(i => i)
                .Take(k)
                .ToArray();

            Assert.Equal(expected, TopK.Select(scores, k, excluded));
        }
    }
}
