using System.Globalization;

namespace UnlearnRec.Client.Online;

/// <summary>Percentiles of a set of latencies (milliseconds).</summary>
/// <param name="Count">Samples.</param>
/// <param name="P50">Median.</param>
/// <param name="P95">95th percentile.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="Max">Largest.</param>
/// <param name="Mean">Mean.</param>
public sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max, double Mean)
{
    /// <summary>Summarises samples (nearest-rank percentiles).</summary>
    public static LatencySummary Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }

        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(sorted.Length, At(0.50), At(0.95), At(0.99), sorted[^1], sorted.Average());
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"n={Count}  p50={P50:F1} ms  p95={P95:F1} ms  p99={P99:F1} ms  max={Max:F1} ms  mean={Mean:F1} ms");
}
