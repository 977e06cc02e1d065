using System.Diagnostics;
using Azure.Storage.Queues;
using UnlearnRec.Client.Online;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Grains.Streaming;
using UnlearnRec.Integration.Tests.Infrastructure;
using UnlearnRec.Silo.Ingress;
using Xunit.Abstractions;

namespace UnlearnRec.Integration.Tests;

/// <summary>
/// The local-cluster profile with real silo processes and Azurite: durability across restarts, the gpu silo going away
/// and coming back, queue ingestion, and a bounded open-loop load (measured, not asserted on time).
/// </summary>
[Collection(LocalClusterCollection.Name)]
public sealed class LocalClusterTests(LocalClusterFixture cluster, ITestOutputHelper output)
{
    private static int _next;

    [SkippableFact]
    public async Task DeletionsThroughHttpAndTheAzureQueueAreApplied()
    {
        await ReadyAsync();
        using var client = cluster.Client(1);
        var (user, item) = NextEdge();
        var accepted = await client.SubmitAsync(new DeletionRequestBody { RequestId = "it-http-1", User = user, Items = [item] }, default);
        Assert.False(accepted.Duplicate);
        Assert.Equal("applied", (await WaitAsync(client, "it-http-1")).State);

        // an upstream service writes a MessagePack envelope straight to one of the deletion queues
        var (user2, item2) = NextEdge();
        var queue = new QueueClient(cluster.ConnectionString, "unlearnrec-deletions-0");
        await queue.CreateIfNotExistsAsync();
        var envelope = Convert.ToBase64String(DeletionEnvelope.From(DeletionRequest.ForInteractions("it-queue-1", user2, item2)).ToBytes());
        await queue.SendMessageAsync(envelope);
        await queue.SendMessageAsync(envelope); // at-least-once delivery: the ledger deduplicates
        await queue.SendMessageAsync("this is not an envelope");
        var status = await WaitAsync(client, "it-queue-1");
        Assert.Equal("applied", status.State);
        var malformed = await WaitAsync(client, DeletionQueueDataAdapter.Decode("this is not an envelope").RequestId);
        Assert.Equal("rejected", malformed.State);
        Assert.DoesNotContain(item2, (await client.ServedUserAsync(user2, default))!.Interactions);
    }

    [SkippableFact]
    public async Task AnUpstreamServiceInJavaScriptDeletesThroughTheQueueAndHttpWithNoneOfOurCode()
    {
        await ReadyAsync();
        // examples/upstream-producer: the Azure Storage SDK for JavaScript and @msgpack/msgpack, written from the
        // documented formats only, so a format that drifted from its documentation fails here
        var install = CliProcess.RunProgram("bash", TimeSpan.FromMinutes(3), Path.Combine(RepositoryPaths.Root, "scripts", "install-upstream-producer.sh"));
        var required = Environment.GetEnvironmentVariable("UNLEARNREC_REQUIRE_AZURITE") == "1";
        Assert.False(required && install.Code != 0, $"the upstream producer could not be installed: {install.Err}");
        Skip.If(install.Code != 0, $"the upstream producer could not be installed (Node.js/npm or the registry missing): {install.Err}");
        var producer = install.Out.Trim();

        (int Code, string Out, string Err) Produce(params string[] args) => CliProcess.RunProgram("node", TimeSpan.FromMinutes(2), [producer, .. args]);
        var edges = Enumerable.Range(0, 3).Select(_ => NextEdge()).ToList();
        var url = cluster.IngressUri(2).ToString();
        var sent = new[]
        {
            Produce("queue", "--connection-string", cluster.ConnectionString, "--queue", "unlearnrec-deletions-1", "--id", "it-js-queue-1",
                "--user", $"{edges[0].User}", "--items", $"{edges[0].Item}"),
            Produce("http", "--url", url, "--token", cluster.Token, "--id", "it-js-json-1", "--user", $"{edges[1].User}", "--items", $"{edges[1].Item}"),
            Produce("http", "--msgpack", "--url", url, "--token", cluster.Token, "--id", "it-js-msgpack-1", "--user", $"{edges[2].User}", "--items", $"{edges[2].Item}"),
        };
        Assert.All(sent, r => Assert.True(r.Code == 0, r.Out + r.Err));

        // the producer reads the outcome over HTTP as well; the served users no longer hold the interactions
        using var client = cluster.Client(0);
        foreach (var (id, edge) in new[] { "it-js-queue-1", "it-js-json-1", "it-js-msgpack-1" }.Zip(edges))
        {
            var status = Produce("status", "--url", url, "--token", cluster.Token, "--id", id, "--wait-seconds", "60");
            Assert.True(status.Code == 0, status.Err);
            var body = System.Text.Json.Nodes.JsonNode.Parse(status.Out)!;
            Assert.Equal("applied", body["state"]!.GetValue<string>());
            Assert.Equal(1, body["edgesRemoved"]!.GetValue<int>());
            Assert.DoesNotContain(edge.Item, (await client.ServedUserAsync(edge.User, default))!.Interactions);
        }

        // a refused request is reported as such to the producer (here: no bearer token it knows)
        var refused = Produce("http", "--url", url, "--token", "not-the-token", "--id", "it-js-refused", "--user", $"{edges[0].User}", "--items", $"{edges[0].Item}");
        Assert.Equal(1, refused.Code);
        Assert.Contains("answered 401", refused.Err, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task LedgerAndServedEmbeddingsSurviveARestartOfEverySilo()
    {
        await ReadyAsync();
        using (var client = cluster.Client(2))
        {
            var edges = Enumerable.Range(0, 20).Select(_ => NextEdge()).ToList();
            var ids = edges.Select((_, i) => $"it-restart-{i}").ToArray();
            for (var i = 0; i < edges.Count; i++)
            {
                await client.SubmitAsync(new DeletionRequestBody { RequestId = ids[i], User = edges[i].User, Items = [edges[i].Item] }, default);
            }

            var before = new List<DeletionStatusResponse>();
            foreach (var id in ids)
            {
                before.Add(await WaitAsync(client, id));
            }

            Assert.All(before, s => Assert.Equal("applied", s.State));
            // neighbourhood rows of the last requests follow in background flushes: let them land before the snapshot
            Assert.True(await client.WaitUntilSettledAsync(TimeSpan.FromSeconds(60), null, default), "the engine still had pending rows after 60 s");
            var served = new Dictionary<long, ServedUserResponse>();
            foreach (var user in edges.Select(e => e.User).Distinct())
            {
                served[user] = (await client.ServedUserAsync(user, default))!;
            }
            // every served row, the neighbourhood's and the item shards' included: those are written only when their
            // grains deactivate, which a clean stop must do before the silo goes
            var exportedBefore = await ExportServedAsync(client);

            var stopwatch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 3).Select(cluster.StopSiloAsync));
            output.WriteLine($"stopped all silos in {stopwatch.Elapsed.TotalSeconds:F1} s");
            stopwatch.Restart();
            await cluster.EnsureAllRunningAsync();
            output.WriteLine($"restarted all silos in {stopwatch.Elapsed.TotalSeconds:F1} s");

            using var after = cluster.Client(1);
            var statuses = await after.QueryStatusesAsync(ids, default);
            var expected = before.Select(s => $"{s.RequestId} {s.State} v{s.EngineVersion} at {s.CompletedAtUnixMs}").Order().ToList();
            var actual = statuses.Select(s => $"{s.RequestId} {s.State} v{s.EngineVersion} at {s.CompletedAtUnixMs}").Order().ToList();
            Assert.True(expected.SequenceEqual(actual), $"ledger before the restart:\n{string.Join('\n', expected)}\nafter:\n{string.Join('\n', actual)}");
            foreach (var (user, row) in served)
            {
                var now = await after.ServedUserAsync(user, default);
                Assert.Equal(row.Embedding, now!.Embedding);
                Assert.Equal(row.Interactions, now.Interactions);
            }

            var exportedAfter = await ExportServedAsync(after);
            Assert.Equal(exportedBefore.Users.Length, exportedAfter.Users.Length);
            Assert.True(exportedBefore.Users.SequenceEqual(exportedAfter.Users), "served user rows changed across the restart");
            Assert.True(exportedBefore.Items.SequenceEqual(exportedAfter.Items), "served item rows changed across the restart");

            var duplicate = await after.SubmitAsync(new DeletionRequestBody { RequestId = ids[0], User = edges[0].User, Items = [edges[0].Item] }, default);
            Assert.True(duplicate.Duplicate);
            Assert.Equal("applied", duplicate.State);
            var (user2, item2) = NextEdge();
            await after.SubmitAsync(new DeletionRequestBody { RequestId = "it-restart-after", User = user2, Items = [item2] }, default);
            var next = await WaitAsync(after, "it-restart-after");
            Assert.Equal("applied", next.State);
            Assert.True(next.EngineVersion > before.Max(s => s.EngineVersion), "the engine resumed from its checkpoint, not from scratch");
            var engine = (await after.ClusterStatusAsync(default)).Engine!;
            Assert.True(engine.ForgottenEdges >= 21);
        }
    }

    [SkippableFact]
    public async Task RequestsWaitWhileTheGpuSiloIsDownAndCompleteWhenItReturns()
    {
        await ReadyAsync();
        await cluster.StopSiloAsync(0);
        using var client = cluster.Client(1);
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var (user, item) = NextEdge();
            var id = $"it-gpu-down-{i}";
            var accepted = await client.SubmitAsync(new DeletionRequestBody { RequestId = id, User = user, Items = [item] }, default);
            Assert.Contains(accepted.State, new[] { "received", "batched" });
            ids.Add(id);
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        var waiting = await client.QueryStatusesAsync(ids, default);
        Assert.Equal(10, waiting.Length);
        Assert.All(waiting, s => Assert.Contains(s.State, new[] { "received", "batched" }));

        var stopwatch = Stopwatch.StartNew();
        await cluster.StartSiloAsync(0);
        foreach (var id in ids)
        {
            Assert.Equal("applied", (await WaitAsync(client, id, TimeSpan.FromMinutes(2))).State);
        }

        output.WriteLine($"all waiting requests applied {stopwatch.Elapsed.TotalSeconds:F1} s after the gpu silo was restarted");
    }

    [SkippableFact]
    public async Task AKilledGpuSiloComesBackStillForgettingEveryAppliedRequest()
    {
        await ReadyAsync();
        using var client = cluster.Client(1);
        var edges = Enumerable.Range(0, 6).Select(_ => NextEdge()).ToList();
        var ids = edges.Select((_, i) => $"it-kill-{i}").ToArray();
        for (var i = 0; i < edges.Count; i++)
        {
            await client.SubmitAsync(new DeletionRequestBody { RequestId = ids[i], User = edges[i].User, Items = [edges[i].Item] }, default);
        }

        foreach (var id in ids)
        {
            Assert.Equal("applied", (await WaitAsync(client, id)).State);
        }

        var forgotten = (await client.ClusterStatusAsync(default)).Engine!.ForgottenEdges;
        // the ledgers record the completions (so nothing is re-driven); the engine checkpoint is hourly in this cluster,
        // so after the kill these removals survive only in the influence grain's removal journal
        await Task.Delay(TimeSpan.FromSeconds(2));
        await cluster.KillSiloAsync(0);
        var stopwatch = Stopwatch.StartNew();
        await cluster.StartSiloAsync(0);

        long? restored = null;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (restored is null && DateTime.UtcNow < deadline)
        {
            try
            {
                restored = (await client.ClusterStatusAsync(default)).Engine?.ForgottenEdges;
            }
            catch (Exception e) when (e is HttpRequestException or IngressException or TaskCanceledException)
            {
                // the ingress may fail while the gpu silo rejoins
            }

            if (restored is null)
            {
                await Task.Delay(500);
            }
        }

        output.WriteLine($"engine back {stopwatch.Elapsed.TotalSeconds:F1} s after the kill: {restored} forgotten (before: {forgotten})");
        Assert.Equal(forgotten, restored);
        var statuses = await client.QueryStatusesAsync(ids, default);
        Assert.All(statuses, s => Assert.Equal("applied", s.State));
        for (var i = 0; i < edges.Count; i++)
        {
            Assert.DoesNotContain(edges[i].Item, (await client.ServedUserAsync(edges[i].User, default))!.Interactions);
        }

        // and the cluster goes on
        var (user, item) = NextEdge();
        await client.SubmitAsync(new DeletionRequestBody { RequestId = "it-kill-after", User = user, Items = [item] }, default);
        Assert.Equal("applied", (await WaitAsync(client, "it-kill-after", TimeSpan.FromMinutes(2))).State);
    }

    [SkippableFact]
    public async Task OpenLoopLoadIsAppliedCompletely()
    {
        await ReadyAsync();
        const double Rate = 1000;
        const int Count = 3000;
        var requests = Enumerable.Range(0, Count).Select(i =>
        {
            var (user, item) = NextEdge();
            return new DeletionRequestBody { RequestId = $"it-load-{i}", User = user, Items = [item] };
        }).ToList();
        using var client = cluster.Client(1, maxConnections: 256);

        // more requests than the ledgers remember (the fixture's HistoryCapacity): statuses are collected while it runs
        var report = await DeletionLoad.RunAsync(client, requests, Rate, 256, TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(500), default);

        using var writer = new StringWriter();
        DeletionLoad.Print(report, writer, Rate);
        output.WriteLine($"local cluster, {RepositoryPaths.Configuration} build, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}:");
        output.WriteLine(writer.ToString());
        Assert.Equal(Count, report.Applied);
        Assert.Equal(Count, report.Statuses.Select(s => s.RequestId).Distinct().Count());
    }

    private async Task ReadyAsync()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        await cluster.EnsureAllRunningAsync();
    }

    /// <summary>Each call returns a different training interaction (tests never forget the same one twice).</summary>
    private (long User, long Item) NextEdge()
    {
        var pairs = cluster.Bundle.Ints("train_edges");
        // a fixed stride walks the edges in a scattered order, so users and partitions vary
        var k = (int)((Interlocked.Increment(ref _next) * 7919L) % (pairs.Length / 2));
        return (cluster.Bundle.Longs("user_ids")[pairs[2 * k]], cluster.Bundle.Longs("item_ids")[pairs[(2 * k) + 1]]);
    }

    private static async Task<DeletionStatusResponse> WaitAsync(IngressClient client, string id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = await client.GetStatusAsync(id, default);
            if (status is { State: "applied" or "rejected" })
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"request {id} is still {status?.State ?? "unknown"}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<(string[] Users, string[] Items)> ExportServedAsync(IngressClient client)
    {
        async Task<string[]> Part(string part)
        {
            using var stream = new MemoryStream();
            await client.DownloadExportAsync(part, stream, default);
            var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Array.Sort(lines, StringComparer.Ordinal);
            return lines;
        }

        return (await Part("users.tsv"), await Part("items.tsv"));
    }
}
