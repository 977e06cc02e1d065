using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace UnlearnRec.Integration.Tests;

/// <summary>The README's main job, <c>unlearnrec demo</c>, as a user runs it: a child process, its output and exit code.</summary>
public sealed partial class DemoCommandTests
{
    [Fact]
    public async Task DemoTrainsServesAppliesEveryDeletionAndConsolidationForgets()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(typeof(UnlearnRec.Client.Program).Assembly.Location);
        foreach (var a in new[] { "demo", "--users", "400", "--items", "250", "--requests", "120", "--rate", "200" })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("unlearnrec demo did not finish within 5 minutes");
        }

        Assert.True(process.ExitCode == 0, stdout + await stderr);
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
