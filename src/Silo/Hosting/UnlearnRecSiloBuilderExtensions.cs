using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;
using UnlearnRec.Core.Unlearning;
using UnlearnRec.Grains.Influence;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Grains.Streaming;
using UnlearnRec.Model.Engine;
using UnlearnRec.Model.Torch;
using UnlearnRec.Model.Influence;
using UnlearnRec.Silo.Storage;

namespace UnlearnRec.Silo.Hosting;

/// <summary>
/// Building blocks of an UnlearnRec silo, shared by the silo executable, the embedded demo silo and the test
/// clusters: the role (which grain classes this silo hosts and whether it loads the model) and the providers of each
/// profile.
/// </summary>
public static class UnlearnRecSiloBuilderExtensions
{
    /// <summary>
    /// Registers the grain-side services and applies the role: a cpu-role silo removes <see cref="InfluenceGrain"/>
    /// from <see cref="GrainTypeOptions.Classes"/> (heterogeneous silos), so the influence grain can only be placed on
    /// a gpu-role silo. A gpu-role silo loads the model from <paramref name="bundleSource"/> and seeds the grains.
    /// </summary>
    public static ISiloBuilder AddUnlearnRec(this ISiloBuilder silo, IConfiguration configuration, SiloRole role, IModelBundleSource? bundleSource)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = silo.Services;
        services.AddUnlearnRecGrainServices(configuration);
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(60));
        services.AddHostedService<DeletionPartitionWarmUpService>();
        if (role == SiloRole.Cpu)
        {
            silo.Configure<GrainTypeOptions>(o => o.Classes.Remove(typeof(InfluenceGrain)));
            services.TryAddSingleton<IInfluenceEngineHost, UnavailableInfluenceEngineHost>();
            return silo;
        }

        if (bundleSource is null)
        {
            throw new ArgumentException("a gpu-role silo needs a model bundle", nameof(bundleSource));
        }

        services.AddOptions<InfluenceEngineOptions>().Bind(configuration.GetSection(InfluenceEngineOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(bundleSource);
        // the pre-trained Influence Encoder when the bundle has one, else the residual-graph-only control; tests and
        // hosts may register another IEgoCorrectorFactory first. Tensor work stays on the CPU unless configured.
        services.TryAddSingleton<IEgoCorrectorFactory>(sp => new EncoderCorrectorFactory(
            ComputeDevice.Resolve(configuration["UnlearnRec:Engine:Device"] ?? "cpu")));
        services.AddSingleton<InfluenceEngineHost>();
        services.AddSingleton<IInfluenceEngineHost>(sp => sp.GetRequiredService<InfluenceEngineHost>());
        services.AddHostedService(sp => sp.GetRequiredService<InfluenceEngineHost>());
        services.AddHostedService<InfluenceSeedingService>();
        return silo;
    }

    /// <summary>Embedded profile providers: memory storage, memory reminders, memory deletion stream.</summary>
    public static ISiloBuilder AddUnlearnRecMemoryProviders(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.AddMemoryGrainStorage(StorageNames.Users);
        silo.AddMemoryGrainStorage(StorageNames.ItemShards);
        silo.AddMemoryGrainStorage(StorageNames.Ledger);
        silo.AddMemoryGrainStorage(StorageNames.Engine);
        silo.AddMemoryGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME);
        silo.UseInMemoryReminderService();
        silo.AddMemoryStreams(StreamNames.DeletionProvider, b => b.ConfigureStreamPubSub(Orleans.Streams.StreamPubSubType.ImplicitOnly));
        // nothing survives the process with memory storage, and at shutdown its storage grains may already be gone
        silo.Services.PostConfigure<Grains.Options.InfluenceGrainOptions>(o => o.CheckpointOnDeactivation = false);
        silo.Services.PostConfigure<Grains.Options.ServingPersistenceOptions>(o => o.WriteBehindOnShutdown = false);
        return silo;
    }

    /// <summary>
    /// Local-cluster profile providers: Azure Table clustering and reminders, Table storage for users, Blob storage for
    /// shards, ledgers and the engine checkpoint (all with Orleans' binary serializer), and the Azure Queue deletion
    /// stream whose messages are MessagePack envelopes.
    /// </summary>
    public static ISiloBuilder AddUnlearnRecAzureProviders(this ISiloBuilder silo, AzureStorageSettings storage)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(storage);
        var connection = storage.ConnectionString ?? throw new ArgumentException("connection string missing", nameof(storage));
        silo.UseAzureStorageClustering(o =>
        {
            o.TableServiceClient = new TableServiceClient(connection);
            o.TableName = storage.ClusteringTable;
        });
        silo.UseAzureTableReminderService(o =>
        {
            o.TableServiceClient = new TableServiceClient(connection);
            o.TableName = storage.RemindersTable;
        });
        // user states are small and written hundreds at a time: group them into entity-group transactions
        silo.Services.AddGrainStorage(StorageNames.Users, (sp, name) => new BatchedTableGrainStorage(
            name,
            new BatchedTableGrainStorageOptions
            {
                TableServiceClient = new TableServiceClient(connection),
                TableName = storage.UsersTable,
                Buckets = storage.UsersTableBuckets,
                Tables = storage.UsersTables,
                BackgroundGather = storage.UsersTableBackgroundGather,
                GrainStorageSerializer = new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>()),
            },
            sp.GetRequiredService<IOptions<ClusterOptions>>(),
            sp.GetRequiredService<ILogger<BatchedTableGrainStorage>>()));
        // the influence grain seeds the serving grains again when their states are kept somewhere else than at its last
        // seeding (another users table, or its states spread differently over buckets and tables)
        silo.Services.PostConfigure<Grains.Options.InfluenceGrainOptions>(o => o.ServingStorageLayout = storage.UsersStorageLayout);
        AddBlobStorage(silo, StorageNames.ItemShards, connection, storage.ShardsContainer);
        AddBlobStorage(silo, StorageNames.Ledger, connection, storage.LedgerContainer);
        AddBlobStorage(silo, StorageNames.Engine, connection, storage.EngineContainer);
        silo.AddAzureQueueStreams(StreamNames.DeletionProvider, configurator =>
        {
            configurator.ConfigureAzureQueue(ob => ob.Configure(o =>
            {
                o.QueueServiceClient = new QueueServiceClient(connection);
                o.QueueNames = [.. storage.QueueNames];
            }));
            configurator.ConfigureQueueDataAdapter((sp, _) => ActivatorUtilities.CreateInstance<DeletionQueueDataAdapter>(sp));
            configurator.ConfigureStreamPubSub(Orleans.Streams.StreamPubSubType.ImplicitOnly);
            // each poll of an empty queue is a storage call; 200 ms adds at most that much to the queue path's latency
            configurator.ConfigurePullingAgent(ob => ob.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(200)));
        });
        // notice a stopped or crashed silo within seconds on loopback (the defaults suit data centres)
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        });
        return silo;
    }

    private static void AddBlobStorage(ISiloBuilder silo, string name, string connection, string container) =>
        silo.AddAzureBlobGrainStorage(name, ob => ob.Configure<IServiceProvider>((o, sp) =>
        {
            o.BlobServiceClient = new BlobServiceClient(connection);
            o.ContainerName = container;
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>());
        }));
}
