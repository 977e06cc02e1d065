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

    [Fact]
    public async Task ReadinessWaitsForThePartitionsOnEveryRole()
    {
        var readiness = new ServingReadiness();
        var cpu = new ServingReadinessCheck(new StartedLifetime(), new SiloHostOptions { Role = "cpu" }, new UnavailableInfluenceEngineHost(), readiness);

        var before = await cpu.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Equal("activating the deletion partitions", before.Description);

        readiness.MarkPartitionsWarm();
        Assert.Equal(HealthStatus.Healthy, (await cpu.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task AModelThatFailedToLoadIsReportedBeforeThePartitions()
    {
        var readiness = new ServingReadiness();
        var gpu = new ServingReadinessCheck(new StartedLifetime(), new SiloHostOptions { Role = "gpu" }, new FailedEngineHost(), readiness);

        var result = await gpu.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("model failed to load: manifest.json is missing", result.Description);
    }

    private sealed class FailedEngineHost : IInfluenceEngineHost
    {
        public bool IsLoaded => false;

        public string? LoadError => "manifest.json is missing";

        public Task<IInfluenceEngine> GetEngineAsync(CancellationToken cancellationToken) =>
            Task.FromException<IInfluenceEngine>(new InvalidOperationException(LoadError));
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
