using System.Text.Json.Nodes;
using UnlearnRec.Integration.Tests.Infrastructure;

namespace UnlearnRec.Integration.Tests;

/// <summary>The <c>unlearnrec experiment</c> command as a user runs it: a child process, stdout and exit code.</summary>
public sealed class ExperimentCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "unlearnrec-cli-experiment-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void JsonLineHasOneRowPerMethodAndTheSequentialSteps()
    {
        var (code, stdout, stderr) = CliProcess.Run("experiment", "--data", "synthetic:users=120,items=100,interactions=2500,seed=4",
            "--protocol", "adversarial", "--ratio", "0.5", "--epochs", "3", "--batch", "1024", "--shards", "2",
            "--baselines", "partition,residual-propagation", "--sequential", "2",
            "--pretrain-epochs", "2", "--pretrain-max-batches", "3", "--finetune-epochs", "1", "--out", _dir, "--json");

        Assert.True(code == 0, stderr);
        var last = stdout.TrimEnd().Split('\n')[^1];
        var json = JsonNode.Parse(last)!.AsObject();
        Assert.Equal("synthetic", json["dataset"]!.GetValue<string>());
        Assert.Equal("lightgcn", json["model"]!.GetValue<string>());
        Assert.Equal("adversarial", json["protocol"]!.GetValue<string>());
        var rows = json["rows"]!.AsArray();
        Assert.Equal(["original", "retrain", "unlearnrec-zero-shot", "unlearnrec", "partition", "residual-propagation"], rows.Select(r => r!["method"]!.GetValue<string>()));
        foreach (var key in new[] { "recall@20", "ndcg@20", "mi_bf", "mi_ng", "seconds", "peak_rss_mb" })
        {
            Assert.All(rows, r => Assert.True(double.IsFinite(r![key]!.GetValue<double>()), key));
        }

        Assert.Equal(2, json["steps"]!.AsArray().Count);
        Assert.True(File.Exists(Path.Combine(_dir, "results.md")));
        Assert.True(File.Exists(Path.Combine(_dir, "scores.png")));
        Assert.Contains("training the original model", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownBaselineIsAUsageError()
    {
        var (code, stdout, stderr) = CliProcess.Run("experiment", "--data", "synthetic", "--baselines", "retrain,gif");

        Assert.True(code == 2, $"exit {code}: {stderr} | {stdout}");
        Assert.Contains("unknown baseline gif", stderr, StringComparison.Ordinal);
    }
}
