using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using UnlearnRec.Core.Unlearning;
using UnlearnRec.Grains.Diagnostics;
using UnlearnRec.Grains.Influence;
using UnlearnRec.Grains.Ingestion;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Silo.Health;
using UnlearnRec.Silo.Hosting;

namespace UnlearnRec.Grains.Tests;

public sealed class PartitionWarmUpTests
{
    [Fact]
    public async Task EverySiloActivatesEveryDeletionPartitionBeforeItReportsReady()
    {
        var fixture = new ClusterFixture(fastFailureDetection: false);
        await fixture.InitializeAsync();
        try
        {
            // no request has been submitted: only the warm-up can have activated the partitions
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            foreach (var silo in fixture.Cluster.Silos)
            {
                var services = fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress);
                var readiness = services.GetRequiredService<ServingReadiness>();
                while (!readiness.PartitionsWarm)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"silo {silo.Name} did not activate the deletion partitions within 60 s");
                    await Task.Delay(50);
                }
            }

            var management = fixture.Client.GetGrain<IManagementGrain>(0);
            var partitions = (await management.GetSimpleGrainStatistics())
                .Where(s => s.GrainType.Contains(nameof(DeletionPartitionGrain), StringComparison.Ordinal))
                .Sum(s => s.ActivationCount);
            Assert.Equal(ClusterFixture.Partitions, partitions);
            foreach (var p in Enumerable.Range(0, ClusterFixture.Partitions))
            {
                var summary = await fixture.Client.GetGrain<IDeletionPartitionGrain>(p).GetSummaryAsync();
                Assert.Equal(0, summary.Received + summary.Batched + summary.Completed);
            }
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public async Task ReadinessWaitsForThePartitionsOnEveryRole(string role)
    {
        var readiness = new ServingReadiness();
        readiness.MarkSeeded("model"); // a gpu silo's own conditions are met: only the partitions are missing
        IInfluenceEngineHost engine = role == "gpu" ? new EngineHost(loadError: null) : new UnavailableInfluenceEngineHost();

        var before = await CheckAsync(role, engine, readiness);
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Equal("activating the deletion partitions", before.Description);

        readiness.MarkPartitionsWarm();
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(role, engine, readiness)).Status);
    }

    [Fact]
    public async Task AModelThatFailedToLoadIsReportedBeforeThePartitions()
    {
        var result = await CheckAsync("gpu", new EngineHost(loadError: "manifest.json is missing"), new ServingReadiness());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("model failed to load: manifest.json is missing", result.Description);
    }

    private static Task<HealthCheckResult> CheckAsync(string role, IInfluenceEngineHost engine, ServingReadiness readiness) =>
        new ServingReadinessCheck(new StartedLifetime(), new SiloHostOptions { Role = role }, engine, readiness).CheckHealthAsync(new HealthCheckContext());

    private sealed class EngineHost(string? loadError) : IInfluenceEngineHost
    {
        public bool IsLoaded => loadError is null;

        public string? LoadError => loadError;

        public Task<IInfluenceEngine> GetEngineAsync(CancellationToken cancellationToken) =>
            Task.FromException<IInfluenceEngine>(new InvalidOperationException("not needed by the readiness check"));
    }

    private sealed class StartedLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => new(canceled: true);

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
