using System.Globalization;

namespace UnlearnRec.Model.Experiments.Plotting;

/// <summary>
/// The case-study figure of method.md §8 (RQ4): density curves of dot-product scores of the forgotten edges, of random
/// training positives and of random non-edges, side by side for the model before unlearning, after unlearning
/// (each UnlearnRec row when present, else the first other method) and after Retrain. Forgetting shows as the red curve moving
/// from the blue (positives) onto the grey (negatives). All panels share both axes so shifts compare directly.
/// </summary>
internal static class ScoreFigure
{
    private const int Bins = 48;
    private const int PanelWidth = 380;
    private const int PanelHeight = 280;
    private const int Left = 40;
    private const int Gap = 50;
    private const int Top = 100;

    private static readonly Rgb Forgotten = new(214, 39, 40);
    private static readonly Rgb Positive = new(31, 119, 180);
    private static readonly Rgb Negative = new(127, 127, 127);

    /// <summary>Renders the figure of <paramref name="report"/> as PNG bytes.</summary>
    public static byte[] Render(ExperimentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var panels = new List<(string Title, ScoreDistribution Scores)>();
        void Add(string? method, string title)
        {
            if (method is not null && report.Distributions.TryGetValue(method, out var d) && panels.All(p => p.Scores != d))
            {
                panels.Add((title, d));
            }
        }

        Add(ExperimentRunner.OriginalRow, "before: original");
        foreach (var after in report.AfterMethods)
        {
            Add(after, $"after: {after}");
        }

        Add(Baselines.RetrainMethod.MethodName, "retrain");
        var count = Math.Max(1, panels.Count);
        var width = (2 * Left) + (count * PanelWidth) + ((count - 1) * Gap);
        var height = Top + PanelHeight + 70;
        var image = new RasterImage(width, height);
        image.Text(Left, 12, $"score distributions: {report.Model} on {report.Dataset}, {report.Protocol.ToString().ToLowerInvariant()} protocol", Rgb.Black);
        var legendX = Left;
        foreach (var (label, color) in new[] { ("forgotten edges", Forgotten), ("training positives", Positive), ("random negatives", Negative) })
        {
            image.FillRect(legendX, 46, 24, 6, color);
            image.Text(legendX + 30, 42, label, Rgb.Black);
            legendX += 30 + RasterImage.TextWidth(label) + 30;
        }

        if (panels.Count == 0)
        {
            image.Text(Left, Top, "no score samples", Rgb.Black);
            return image.ToPng();
        }

        var (lo, hi) = Range(panels.SelectMany(p => new[] { p.Scores.Request, p.Scores.Positives, p.Scores.Negatives }));
        var curves = panels.Select(p => new[] { Density(p.Scores.Negatives, lo, hi), Density(p.Scores.Positives, lo, hi), Density(p.Scores.Request, lo, hi) }).ToArray();
        var yMax = Math.Max(1e-12, curves.SelectMany(c => c).SelectMany(c => c).DefaultIfEmpty(0).Max()) * 1.08;
        for (var i = 0; i < panels.Count; i++)
        {
            var x0 = Left + (i * (PanelWidth + Gap));
            DrawPanel(image, x0, panels[i].Title, panels[i].Scores, curves[i], lo, hi, yMax);
        }

        return image.ToPng();
    }

    private static void DrawPanel(RasterImage image, int x0, string title, ScoreDistribution scores, double[][] curves, double lo, double hi, double yMax)
    {
        image.Text(x0, Top - 24, title, Rgb.Black);
        // grid and ticks
        var ticks = Ticks(lo, hi);
        foreach (var t in ticks)
        {
            var x = x0 + (int)Math.Round((t - lo) / (hi - lo) * (PanelWidth - 1));
            image.Line(x, Top, x, Top + PanelHeight - 1, Rgb.Grid);
            image.Line(x, Top + PanelHeight, x, Top + PanelHeight + 5, Rgb.Black);
            var label = t.ToString("G3", CultureInfo.InvariantCulture);
            image.Text(x - (RasterImage.TextWidth(label) / 2), Top + PanelHeight + 10, label, Rgb.Black);
        }

        image.DrawRect(x0, Top, PanelWidth, PanelHeight, Rgb.Black);
        image.Text(x0 + 6, Top + 6, "density", Rgb.Black, scale: 1);
        var label2 = "dot-product score";
        image.Text(x0 + ((PanelWidth - RasterImage.TextWidth(label2)) / 2), Top + PanelHeight + 34, label2, Rgb.Black);
        var colors = new[] { Negative, Positive, Forgotten };
        var samples = new[] { scores.Negatives, scores.Positives, scores.Request };
        for (var c = 0; c < curves.Length; c++)
        {
            var curve = curves[c];
            int? px = null, py = null;
            for (var b = 0; b < curve.Length; b++)
            {
                var x = x0 + 1 + (int)Math.Round((b + 0.5) / curve.Length * (PanelWidth - 3));
                var y = Top + PanelHeight - 2 - (int)Math.Round(curve[b] / yMax * (PanelHeight - 4));
                if (px is { } lx && py is { } ly)
                {
                    image.Line(lx, ly, x, y, colors[c], thickness: 2);
                }

                px = x;
                py = y;
            }

            // the mean as a short tick rising from the axis
            if (samples[c].Length > 0)
            {
                var mean = samples[c].Average(v => (double)v);
                var mx = x0 + (int)Math.Round(Math.Clamp((mean - lo) / (hi - lo), 0, 1) * (PanelWidth - 1));
                image.Line(mx, Top + PanelHeight - 16, mx, Top + PanelHeight - 2, colors[c], thickness: 3);
            }
        }
    }

    /// <summary>Shared x range: the 0.5th to 99.5th percentile of all scores, padded by 5 %.</summary>
    private static (double Lo, double Hi) Range(IEnumerable<double[]> samples)
    {
        var all = samples.SelectMany(s => s).Where(double.IsFinite).ToArray();
        if (all.Length == 0)
        {
            return (0, 1);
        }

        Array.Sort(all);
        double lo = all[(int)(0.005 * (all.Length - 1))], hi = all[(int)(0.995 * (all.Length - 1))];
        if (hi - lo < 1e-6)
        {
            lo -= 0.5;
            hi += 0.5;
        }

        var pad = 0.05 * (hi - lo);
        return (lo - pad, hi + pad);
    }

    /// <summary>Histogram density on [lo, hi) with <see cref="Bins"/> bins, lightly smoothed (1-2-1).</summary>
    private static double[] Density(double[] values, double lo, double hi)
    {
        var counts = new double[Bins];
        if (values.Length == 0)
        {
            return counts;
        }

        var binWidth = (hi - lo) / Bins;
        foreach (var v in values)
        {
            var b = (int)Math.Floor((v - lo) / binWidth);
            if (b >= 0 && b < Bins)
            {
                counts[b]++;
            }
        }

        var smooth = new double[Bins];
        for (var b = 0; b < Bins; b++)
        {
            var left = b > 0 ? counts[b - 1] : 0;
            var right = b < Bins - 1 ? counts[b + 1] : 0;
            smooth[b] = (left + (2 * counts[b]) + right) / 4 / (values.Length * binWidth);
        }

        return smooth;
    }

    /// <summary>About five "nice" tick values (1, 2 or 5 × 10ⁿ apart) within [lo, hi].</summary>
    private static List<double> Ticks(double lo, double hi)
    {
        var raw = (hi - lo) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= raw);
        var ticks = new List<double>();
        for (var t = Math.Ceiling(lo / step) * step; t <= hi + (1e-9 * step); t += step)
        {
            ticks.Add(Math.Abs(t) < 1e-9 * step ? 0 : t);
        }

        return ticks;
    }
}
