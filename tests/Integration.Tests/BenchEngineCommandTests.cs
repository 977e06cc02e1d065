using System.Text.Json.Nodes;
using UnlearnRec.Integration.Tests.Infrastructure;
using UnlearnRec.Model.Engine;

namespace UnlearnRec.Integration.Tests;

/// <summary>The <c>unlearnrec bench-engine</c> benchmark as a user runs it: what it reports, not how fast it is.</summary>
public sealed class BenchEngineCommandTests : IDisposable
{
    private readonly string _bundle = Path.Combine(Path.GetTempPath(), "unlearnrec-bench-engine-" + Guid.NewGuid().ToString("N"));

    public BenchEngineCommandTests() =>
        UntrainedBundleFactory.Synthetic(new SyntheticBundleSpec { Users = 120, Items = 80, InteractionsPerUser = 8, Dim = 16, Layers = 3, Seed = 2 }).Save(_bundle);

    public void Dispose()
    {
        if (Directory.Exists(_bundle))
        {
            Directory.Delete(_bundle, recursive: true);
        }
    }

    [Fact]
    public void ReportsEveryComputationAndForgetsDistinctInteractions()
    {
        var (code, stdout, stderr) = CliProcess.Run("bench-engine", "--bundle", _bundle, "--requests-per-computation", "7",
            "--computations", "10", "--flush-every", "3", "--seed", "5");

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("10/10 computations, 70 requests applied", stderr, StringComparison.Ordinal);
        var json = JsonNode.Parse(stdout.TrimEnd().Split('\n')[^1])!.AsObject();
        Assert.Equal("residual-only", json["corrector"]!.GetValue<string>());
        Assert.Equal(10, json["computations"]!.GetValue<int>());
        // every request forgets an interaction no earlier request forgot, so all apply and the set grows by one each
        Assert.Equal(70, json["applied"]!.GetValue<int>());
        Assert.Equal(70, json["forgotten_at_end"]!.GetValue<long>());
        Assert.Equal(3, json["flushes"]!.GetValue<int>());
        Assert.Equal(3, json["request_ms_mean_by_third"]!.AsArray().Count);
        var request = json["request_ms"]!.AsObject();
        Assert.True(request["p50"]!.GetValue<double>() <= request["max"]!.GetValue<double>());
        Assert.True(json["engine_requests_per_second"]!.GetValue<double>() > 0);
    }

    [Fact]
    public void MoreRequestsThanInteractionsIsAUsageError()
    {
        var (code, _, stderr) = CliProcess.Run("bench-engine", "--bundle", _bundle, "--requests-per-computation", "500", "--computations", "10");

        Assert.Equal(2, code);
        Assert.Contains("would forget more than the bundle's", stderr, StringComparison.Ordinal);
    }
}
