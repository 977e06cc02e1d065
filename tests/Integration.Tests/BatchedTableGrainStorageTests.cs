using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Storage;
using UnlearnRec.Grains.Persistence;
using UnlearnRec.Integration.Tests.Infrastructure;
using UnlearnRec.Silo.Storage;

namespace UnlearnRec.Integration.Tests;

/// <summary>
/// The batched Azure Table grain storage against Azurite (the local cluster's instance, in a table of its own): states
/// written concurrently share transactions yet each comes back intact, conflicts fail alone, large states are split,
/// background writes wait for company only as long as nobody waits for a write.
/// </summary>
[Collection(LocalClusterCollection.Name)]
public sealed class BatchedTableGrainStorageTests(LocalClusterFixture cluster)
{
    [SkippableFact]
    public async Task ConcurrentWritesAreEachDurableAndReadBack()
    {
        var (storage, table) = await CreateAsync(buckets: 3);
        var states = Enumerable.Range(0, 450).Select(i => new GrainState<TestState>(new TestState { Value = i, Payload = [(byte)i, 1, 2] })).ToArray();
        await Task.WhenAll(states.Select((s, i) => storage.WriteStateAsync("user", Id(i), s)));
        Assert.All(states, s => Assert.NotNull(s.ETag));

        // concurrent reads share queries; each still gets its own state (and a missing one reads as new)
        var reads = Enumerable.Range(0, states.Length + 5).Select(_ => new GrainState<TestState>()).ToArray();
        await Task.WhenAll(reads.Select((r, i) => storage.ReadStateAsync("user", Id(i), r)));
        for (var i = 0; i < states.Length; i++)
        {
            Assert.True(reads[i].RecordExists);
            Assert.Equal(i, reads[i].State!.Value);
            Assert.Equal([(byte)i, 1, 2], reads[i].State!.Payload);
            Assert.Equal(states[i].ETag, reads[i].ETag);
        }

        Assert.All(reads.Skip(states.Length), r => Assert.False(r.RecordExists));
        Assert.All(reads.Skip(states.Length), r => Assert.Null(r.ETag));

        // 450 states in 3 partitions: group commit must have needed far fewer than 450 storage calls, i.e. the rows
        // really share partitions (one partition per bucket)
        var partitions = table.Query<TableEntity>(select: ["PartitionKey"]).Select(e => e.PartitionKey).Distinct().Count();
        Assert.Equal(3, partitions);

        // a second round of updates (replace with ETag) on the same grains
        foreach (var s in states)
        {
            s.State = s.State! with { Value = s.State!.Value + 1000 };
        }

        await Task.WhenAll(states.Select((s, i) => storage.WriteStateAsync("user", Id(i), s)));
        var again = new GrainState<TestState>();
        await storage.ReadStateAsync("user", Id(7), again);
        Assert.Equal(1007, again.State!.Value);
    }

    [SkippableFact]
    public async Task BucketsSpreadOverSeveralTablesEachKeepTheirOwnStates()
    {
        var (storage, _) = await CreateAsync(buckets: 4, tables: 2);
        var service = new TableServiceClient(cluster.ConnectionString);
        Assert.Equal(2, storage.TableNames.Count);
        var states = Enumerable.Range(0, 200).Select(i => new GrainState<TestState>(new TestState { Value = i })).ToArray();
        await Task.WhenAll(states.Select((s, i) => storage.WriteStateAsync("user", Id(i), s)));

        // bucket b lives in table b mod 2: each table holds two of the four partitions, and no row is in both
        var rows = storage.TableNames.Select(name => service.GetTableClient(name).Query<TableEntity>(select: ["PartitionKey", "RowKey"]).ToList()).ToArray();
        Assert.All(rows, r => Assert.Equal(2, r.Select(e => e.PartitionKey).Distinct().Count()));
        Assert.Equal(200, rows.Sum(r => r.Count));
        Assert.Empty(rows[0].Select(e => e.RowKey).Intersect(rows[1].Select(e => e.RowKey)));
        Assert.Empty(rows[0].Select(e => e.PartitionKey).Intersect(rows[1].Select(e => e.PartitionKey)));

        // reads (batched queries) and updates find each state in its own table
        var reads = Enumerable.Range(0, 200).Select(_ => new GrainState<TestState>()).ToArray();
        await Task.WhenAll(reads.Select((r, i) => storage.ReadStateAsync("user", Id(i), r)));
        Assert.Equal(Enumerable.Range(0, 200), reads.Select(r => r.State!.Value));
        reads[17].State = reads[17].State! with { Value = 1017 };
        await storage.WriteStateAsync("user", Id(17), reads[17]);
        await AssertStoredAsync(storage, 17, 1017);
        Assert.Equal(200, storage.TableNames.Sum(name => service.GetTableClient(name).Query<TableEntity>(select: ["RowKey"]).Count()));
    }

    [SkippableFact]
    public async Task AWaitedForWriteGoesAheadOfQueuedBackgroundWrites()
    {
        var (storage, _) = await CreateAsync(buckets: 1);
        var order = new List<string>();
        void Done(string what)
        {
            lock (order)
            {
                order.Add(what);
            }
        }

        // 400 write-behind states (four transactions of 100) queue in the one bucket, then a write a request waits for
        var background = Enumerable.Range(0, 400).Select(i => StorageWritePriority.InBackgroundAsync(async () =>
        {
            await storage.WriteStateAsync("user", Id(i), new GrainState<TestState>(new TestState { Value = i }));
            Done("background");
        })).ToList();
        var urgent = Task.Run(async () =>
        {
            await storage.WriteStateAsync("user", Id(1000), new GrainState<TestState>(new TestState { Value = 1000 }));
            Done("urgent");
        });
        await Task.WhenAll([.. background, urgent]);

        // it joins the next transaction instead of the end of the queue: at least the last 100 background writes land after it
        var position = order.IndexOf("urgent");
        Assert.True(position <= 300, $"the waited-for write completed as number {position + 1} of {order.Count}");
        var read = new GrainState<TestState>();
        await storage.ReadStateAsync("user", Id(399), read);
        Assert.Equal(399, read.State!.Value);
    }

    [SkippableFact]
    public async Task BackgroundWritesWaitForTheGatherAndGoAsOneTransaction()
    {
        var time = new FakeTimeProvider();
        var (storage, _) = await CreateAsync(buckets: 1, gather: TimeSpan.FromSeconds(1), time: time);
        var writes = WriteInBackground(storage, 10);

        // the clock stands still: the writes wait for company, however long that takes in real time
        await Task.Delay(300);
        Assert.All(writes, w => Assert.False(w.IsCompleted));
        Assert.Equal(0, storage.TransactionsSubmitted);

        time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, storage.TransactionsSubmitted);
        await AssertStoredAsync(storage, 9);
    }

    [SkippableFact]
    public async Task AWaitedForWriteOrAFullTransactionEndsTheGather()
    {
        // the clock never moves: any write that waited out the gather would never complete
        var (storage, _) = await CreateAsync(buckets: 1, gather: TimeSpan.FromSeconds(1), time: new FakeTimeProvider(), maxEntities: 20);
        var background = WriteInBackground(storage, 45);

        // two full transactions go at once; the five left over wait
        await Task.WhenAll(background.Take(40)).WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(300);
        Assert.All(background.Skip(40), w => Assert.False(w.IsCompleted));
        Assert.Equal(2, storage.TransactionsSubmitted);

        // a write somebody waits for goes at once and takes the waiting ones along
        await storage.WriteStateAsync("user", Id(100), new GrainState<TestState>(new TestState { Value = 100 })).WaitAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(background).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(3, storage.TransactionsSubmitted);
        await AssertStoredAsync(storage, 44);
    }

    [SkippableFact]
    public async Task AStaleWriteFailsAloneAndTheOthersInItsTransactionLand()
    {
        var (storage, _) = await CreateAsync(buckets: 1);
        var first = new GrainState<TestState>(new TestState { Value = 1 });
        await storage.WriteStateAsync("user", Id(1), first);
        var stale = new GrainState<TestState>(new TestState { Value = 2 }) { ETag = first.ETag };
        first.State = first.State! with { Value = 3 };
        await storage.WriteStateAsync("user", Id(1), first); // moves the stored ETag on

        var others = Enumerable.Range(10, 40).Select(i => new GrainState<TestState>(new TestState { Value = i })).ToArray();
        var writes = others.Select((s, n) => storage.WriteStateAsync("user", Id(10 + n), s)).ToList();
        var conflicting = storage.WriteStateAsync("user", Id(1), stale);
        await Assert.ThrowsAsync<InconsistentStateException>(() => conflicting);
        await Task.WhenAll(writes);

        var read = new GrainState<TestState>();
        await storage.ReadStateAsync("user", Id(1), read);
        Assert.Equal(3, read.State!.Value);
        await storage.ReadStateAsync("user", Id(49), read);
        Assert.Equal(49, read.State!.Value);

        // inserting a state that already exists (no ETag) is a conflict too
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("user", Id(10), new GrainState<TestState>(new TestState())));
    }

    [SkippableFact]
    public async Task LargeStatesAreSplitAndClearedStatesAreGone()
    {
        var (storage, _) = await CreateAsync(buckets: 2);
        var payload = new byte[200_000];
        new Random(3).NextBytes(payload);
        var state = new GrainState<TestState>(new TestState { Value = 5, Payload = payload });
        await storage.WriteStateAsync("user", Id(5), state);
        var read = new GrainState<TestState>();
        await storage.ReadStateAsync("user", Id(5), read);
        Assert.Equal(payload, read.State!.Payload);

        // many large states at once all land (the provider splits transactions by size: Azure Table caps a body at
        // 4 MiB, which Azurite does not enforce, so this checks the split keeps every write, not the cap itself)
        var large = Enumerable.Range(100, 30).Select(i => new GrainState<TestState>(new TestState { Value = i, Payload = payload })).ToArray();
        await Task.WhenAll(large.Select(l => storage.WriteStateAsync("user", Id(l.State!.Value), l)));
        var last = new GrainState<TestState>();
        await storage.ReadStateAsync("user", Id(129), last);
        Assert.Equal(payload, last.State!.Payload);

        await storage.ClearStateAsync("user", Id(5), read);
        Assert.False(read.RecordExists);
        var gone = new GrainState<TestState>();
        await storage.ReadStateAsync("user", Id(5), gone);
        Assert.False(gone.RecordExists);
        Assert.Null(gone.ETag);

        var tooLarge = new GrainState<TestState>(new TestState { Payload = new byte[2_000_000] });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.WriteStateAsync("user", Id(6), tooLarge));
        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidSettingsAreReportedTogether()
    {
        var error = Assert.Throws<ArgumentException>(() => new BatchedTableGrainStorage(
            "users",
            new BatchedTableGrainStorageOptions { Buckets = 0, Tables = 2, MaxEntitiesPerTransaction = 101, TableName = "", BackgroundGather = TimeSpan.FromMinutes(2) },
            Options.Create(new ClusterOptions { ServiceId = "s" }),
            NullLogger<BatchedTableGrainStorage>.Instance));
        Assert.Contains("TableServiceClient", error.Message, StringComparison.Ordinal);
        Assert.Contains("Buckets", error.Message, StringComparison.Ordinal);
        Assert.Contains("Tables must be in [1, Buckets]", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxEntitiesPerTransaction", error.Message, StringComparison.Ordinal);
        Assert.Contains("BackgroundGather", error.Message, StringComparison.Ordinal);
        Assert.Contains("GrainStorageSerializer", error.Message, StringComparison.Ordinal);
    }

    // user i's state is { Value = i }, written behind
    private static List<Task> WriteInBackground(BatchedTableGrainStorage storage, int count) =>
        Enumerable.Range(0, count).Select(i => StorageWritePriority.InBackgroundAsync(
            () => storage.WriteStateAsync("user", Id(i), new GrainState<TestState>(new TestState { Value = i })))).ToList();

    private static async Task AssertStoredAsync(BatchedTableGrainStorage storage, int user, int? value = null)
    {
        var read = new GrainState<TestState>();
        await storage.ReadStateAsync("user", Id(user), read);
        Assert.Equal(value ?? user, read.State!.Value);
    }

    private static GrainId Id(int user) => GrainId.Create("user", user.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private async Task<(BatchedTableGrainStorage Storage, TableClient Table)> CreateAsync(int buckets, int tables = 1, TimeSpan gather = default, TimeProvider? time = null, int maxEntities = BatchedTableGrainStorageOptions.MaxTransactionEntities)
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        var name = "storagetest" + Guid.NewGuid().ToString("N")[..10];
        var service = new TableServiceClient(cluster.ConnectionString);
        var storage = new BatchedTableGrainStorage(
            "users",
            new BatchedTableGrainStorageOptions
            {
                TableServiceClient = service,
                TableName = name,
                Buckets = buckets,
                Tables = tables,
                MaxEntitiesPerTransaction = maxEntities,
                BackgroundGather = gather,
                TimeProvider = time ?? TimeProvider.System,
                GrainStorageSerializer = new JsonTestSerializer(),
            },
            Options.Create(new ClusterOptions { ServiceId = "service/with#odd?chars" }),
            NullLogger<BatchedTableGrainStorage>.Instance);
        var lifecycle = new StartOnlyLifecycle();
        storage.Participate(lifecycle);
        await lifecycle.StartAsync();
        return (storage, service.GetTableClient(name));
    }

    /// <summary>State of the tests' grains.</summary>
    public sealed record TestState
    {
        /// <summary>A number to recognise the state by.</summary>
        public int Value { get; init; }

        /// <summary>Bytes that make the state as large as a test needs.</summary>
        public byte[] Payload { get; init; } = [];
    }

    private sealed class JsonTestSerializer : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => BinaryData.FromObjectAsJson(input);

        public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>()!;
    }

    /// <summary>Runs the start callbacks a provider subscribes, as the silo would.</summary>
    private sealed class StartOnlyLifecycle : ISiloLifecycle
    {
        private readonly List<Func<CancellationToken, Task>> _starts = [];

        public int HighestCompletedStage => 0;

        public int LowestStoppedStage => 0;

        public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
        {
            _starts.Add(observer.OnStart);
            return new Unsubscriber();
        }

        public async Task StartAsync()
        {
            foreach (var start in _starts)
            {
                await start(CancellationToken.None);
            }
        }

        private sealed class Unsubscriber : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
