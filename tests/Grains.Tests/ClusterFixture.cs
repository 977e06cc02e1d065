using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Silo.Hosting;

namespace UnlearnRec.Grains.Tests;

/// <summary>
/// An in-process cluster of three silos: silo 0 has the gpu role (loads the model, may host the influence grain),
/// silos 1 and 2 the cpu role. Memory storage, reminders and streams. The engine runs exact (tolerance 0, no
/// fan-out cap) so served rows can be compared bit for bit with an offline engine.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly bool _fastFailureDetection;
    private readonly TimeSpan? _checkpointInterval;
    private readonly bool _checkpointOnDeactivation;

    /// <summary>The shared fixture of a test class.</summary>
    public ClusterFixture()
        : this(fastFailureDetection: false)
    {
    }

    /// <summary>
    /// A cluster of its own; with <paramref name="fastFailureDetection"/> a killed silo is declared dead within seconds,
    /// <paramref name="checkpointInterval"/> replaces the influence grain's background checkpoint interval, and
    /// <paramref name="checkpointOnDeactivation"/> lets the influence grain record a clean stop (the memory providers
    /// turn that off, as their storage may be gone when a process shuts down; these tests stop grains, not processes).
    /// </summary>
    internal ClusterFixture(bool fastFailureDetection, TimeSpan? checkpointInterval = null, bool checkpointOnDeactivation = false)
    {
        _fastFailureDetection = fastFailureDetection;
        _checkpointInterval = checkpointInterval;
        _checkpointOnDeactivation = checkpointOnDeactivation;
    }

    /// <summary>Item shards of the test topology.</summary>
    public const int Shards = 4;

    /// <summary>Deletion partitions of the test topology.</summary>
    public const int Partitions = 4;

    /// <summary>The serving grains' write-behind delay.</summary>
    public static readonly TimeSpan WriteBehind = TimeSpan.FromSeconds(3);

    /// <summary>Name the test cluster gives its first silo.</summary>
    public const string GpuSiloName = "Silo_0";

    /// <summary>The served model.</summary>
    public ModelBundle Bundle { get; } = TestBundles.Small();

    /// <summary>The cluster.</summary>
    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>A client of the cluster.</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>Configuration every silo reads.</summary>
    public static IConfiguration Configuration { get; } = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["UnlearnRec:Serving:ItemShards"] = Shards.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["UnlearnRec:Serving:DeletionPartitions"] = Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["UnlearnRec:Engine:ChangeTolerance"] = "0",
        ["UnlearnRec:Engine:MaxUserRowsPerComputation"] = "0",
        // these tests compare every served row with the offline engine right after "applied": send all rows at once
        ["UnlearnRec:Engine:DeferNeighbourRows"] = "false",
        ["UnlearnRec:Ledger:BatchWindow"] = "00:00:00.020",
        // long enough that a test sees a change served but not yet stored, even on a loaded machine
        ["UnlearnRec:ServingPersistence:WriteBehind"] = WriteBehind.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["UnlearnRec:Ledger:RetryInitialBackoff"] = "00:00:00.100",
    }).Build();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((options, silo) =>
        {
            var role = options.SiloName == GpuSiloName ? SiloRole.Gpu : SiloRole.Cpu;
            silo.AddUnlearnRecMemoryProviders();
            silo.AddUnlearnRec(Configuration, role, role == SiloRole.Gpu ? new InMemoryModelBundleSource(Bundle, "test bundle") : null);
            if (_checkpointOnDeactivation)
            {
                silo.Services.PostConfigure<Grains.Options.InfluenceGrainOptions>(o => o.CheckpointOnDeactivation = true);
            }

            if (_checkpointInterval is { } interval)
            {
                silo.Configure<Grains.Options.InfluenceGrainOptions>(o => o.CheckpointInterval = interval);
            }

            if (_fastFailureDetection)
            {
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(1);
                    o.NumMissedProbesLimit = 2;
                    o.NumVotesForDeathDeclaration = 1;
                });
                silo.Configure<Grains.Options.InfluenceGrainOptions>(o => o.MembershipCheckInterval = TimeSpan.FromMilliseconds(200));
            }
        });
        builder.ConfigureClient(client =>
        {
            client.AddMemoryStreams(StreamNames.DeletionProvider);
            // the client refreshes its cluster manifest on this interval (a minute by default); see
            // ResolveInfluenceGrainAsync for why a fresh test cluster needs it sooner
            client.Configure<TypeManagementOptions>(o => o.TypeMapRefreshInterval = TimeSpan.FromMilliseconds(200));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await (await ResolveInfluenceGrainAsync()).EnsureSeededAsync();
    }

    /// <summary>
    /// The influence grain, once the client's cluster manifest lists its implementation. Only the gpu-role silo has
    /// the class; the client learns the manifest from its gateway, which may be a cpu-role silo that has not yet heard
    /// of the gpu-role silo right after the cluster starts, and until then resolving the interface throws.
    /// </summary>
    private async Task<IInfluenceGrain> ResolveInfluenceGrainAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return Client.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary);
            }
            catch (ArgumentException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>Submits a request to its partition.</summary>
    public Task<SubmitReceipt> SubmitAsync(DeletionRequest request) =>
        Client.GetGrain<IDeletionPartitionGrain>(ServingTopology.PartitionOf(request, Partitions)).SubmitAsync(request);

    /// <summary>Polls until the request is applied or rejected (bounded).</summary>
    public async Task<DeletionStatus> WaitCompletedAsync(string requestId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            foreach (var p in Enumerable.Range(0, Partitions))
            {
                var status = await Client.GetGrain<IDeletionPartitionGrain>(p).GetStatusAsync(requestId);
                if (status is { State: DeletionState.Applied or DeletionState.Rejected })
                {
                    return status;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"request {requestId} did not complete in time");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Every served user row and item row, read from the grains.</summary>
    public async Task<(Dictionary<long, float[]> Users, Dictionary<long, float[]> Items)> ServedAsync()
    {
        var ids = await Client.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary).GetModelIdsAsync();
        var views = await Task.WhenAll(ids.UserIds.Select(u => Client.GetGrain<IUserGrain>(u).GetViewAsync()));
        var users = views.ToDictionary(v => v.UserId, v => PackedVectors.Unpack(v.Embedding));
        var items = new Dictionary<long, float[]>();
        foreach (var export in await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => Client.GetGrain<IItemShardGrain>(s).ExportAsync())))
        {
            for (var i = 0; i < export.Rows.Count; i++)
            {
                items[export.Rows.Ids[i]] = export.Rows.Row(i).ToArray();
            }
        }

        return (users, items);
    }
}
