using System.Globalization;

namespace UnlearnRec.Client.Online;

/// <summary>Result of <see cref="MembershipProbe.MeasureAsync"/>.</summary>
/// <param name="MiBf">Mean p(forgotten) before / after.</param>
/// <param name="MiNg">Mean p(non-edges) after / mean p(forgotten) after.</param>
/// <param name="MeanBefore">Mean p of the forgotten interactions under the original model.</param>
/// <param name="MeanAfter">Mean p of the forgotten interactions as served now.</param>
/// <param name="MeanNegative">Mean p of random non-interactions as served now.</param>
/// <param name="Pairs">Forgotten interactions probed.</param>
public sealed record MembershipReport(double MiBf, double MiNg, double MeanBefore, double MeanAfter, double MeanNegative, int Pairs)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"MI-BF {MiBf:F3}  MI-NG {MiNg:F3}  (σ-score of {Pairs} forgotten interactions: {MeanBefore:F4} before → {MeanAfter:F4} served; random non-interactions {MeanNegative:F4})");
}
