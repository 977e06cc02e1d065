using System.Globalization;
using System.Text.RegularExpressions;
using UnlearnRec.Integration.Tests.Infrastructure;

namespace UnlearnRec.Integration.Tests;

/// <summary>The README's main job, <c>unlearnrec demo</c>, as a user runs it: a child process, its output and exit code.</summary>
public sealed partial class DemoCommandTests
{
    [Fact]
    public void DemoTrainsServesAppliesEveryDeletionAndConsolidationForgets()
    {
        var (code, stdout, stderr) = CliProcess.Run("demo", "--users", "400", "--items", "250", "--requests", "120", "--rate", "200");

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("120 applied, 0 rejected, 0 not completed", stdout, StringComparison.Ordinal);
        Assert.Contains("duplicate=True", stdout, StringComparison.Ordinal);
        var figures = MembershipLine().Matches(stdout);
        Assert.Equal(2, figures.Count);
        var zeroShotBf = double.Parse(figures[0].Groups["bf"].Value, CultureInfo.InvariantCulture);
        var consolidatedBf = double.Parse(figures[1].Groups["bf"].Value, CultureInfo.InvariantCulture);
        // forgotten interactions score lower than before the stream, and lower still after fine-tuning
        Assert.True(zeroShotBf > 1, stdout);
        Assert.True(consolidatedBf > zeroShotBf, stdout);
    }

    [GeneratedRegex(@"unlearning on the served embeddings[^:]*: MI-BF (?<bf>[0-9.]+)\s+MI-NG (?<ng>[0-9.]+)")]
    private static partial Regex MembershipLine();
}
