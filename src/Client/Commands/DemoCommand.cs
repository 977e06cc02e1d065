using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UnlearnRec.Client.Cli;
using UnlearnRec.Client.Online;
using UnlearnRec.Client.Online.Demo;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Grains.Options;
using UnlearnRec.Silo.Hosting;
using UnlearnRec.Silo.Ingress;

namespace UnlearnRec.Client.Commands;

/// <summary>
/// <c>unlearnrec demo</c>: the whole system in one process, in well under two minutes and with no external service:
/// model → embedded silo → a stream of deletions through the real ingress and grains → before/after recommendations,
/// throughput, latency percentiles, and MI-BF/MI-NG measured on the served embeddings.
/// </summary>
public sealed class DemoCommand : ICliCommand
{
    /// <summary>The model steps; replace with the offline trainers' implementation to demo a trained model.</summary>
    internal static IDemoModelBuilder ModelBuilder { get; set; } = new TrainedDemoModelBuilder();

    /// <inheritdoc />
    public string Name => "demo";

    /// <inheritdoc />
    public string Summary => "end-to-end demo: model, embedded silo, streamed deletions, before/after recommendations, MI-BF/MI-NG";

    /// <inheritdoc />
    public string Usage => """
        usage: unlearnrec demo [--bundle DIR | --data DIR] [options]

        Runs everything in this process: builds (or loads) a model, starts an embedded silo (gpu role; memory storage,
        reminders and streams; HTTP ingress on a loopback port), streams deletion requests through the ingress, the
        partition ledgers, the influence grain and the dispatcher into the user and item grains, then prints the
        recommendations of one user before and after, throughput, latency percentiles, and the membership-inference
        ratios MI-BF / MI-NG measured on the served embeddings.

          --bundle DIR       serve this model bundle instead of building one
          --data DIR         build the model from a split directory (train.tsv[.gz]: user<TAB>item)
          --users N          synthetic users (default 2000)
          --items N          synthetic items (default 1000)
          --dim N            embedding width (default 32)
          --requests N       deletion requests to stream (default 400)
          --rate N           requests per second (default 400)
          --user ID          the user whose recommendations are shown (default: the most active user)
          --k N              recommendations shown (default 10)
          --seed N           seed for the synthetic data and the request stream (default 7)
        """;

    /// <inheritdoc />
    public async Task<int> RunAsync(CommandLineArguments args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var bundlePath = args.String("bundle");
        var dataPath = args.String("data");
        if (bundlePath is not null && dataPath is not null)
        {
            throw new CliUsageException("give --bundle or --data, not both");
        }

        var settings = new DemoModelSettings
        {
            Users = args.Int("users", 2000, 10, 1_000_000),
            Items = args.Int("items", 1000, 10, 1_000_000),
            Dim = args.Int("dim", 32, 2, 1024),
            Seed = args.Int("seed", 7),
        };
        var requestCount = args.Int("requests", 400, 1, 1_000_000);
        var rate = args.Double("rate", 400, 1, 100_000);
        var chosenUser = args.Has("user") ? args.Long("user", 0) : (long?)null;
        var k = args.Int("k", 10, 1, 100);
        args.EnsureAllUsed();

        var total = Stopwatch.StartNew();
        Console.WriteLine("UnlearnRec demo — recommendation unlearning served by an Orleans cluster");
        Console.WriteLine();

        var bundle = Step("[1/7] model", () => bundlePath is not null ? LoadBundle(bundlePath) : ModelBuilder.TrainBackbone(dataPath, settings, Console.Out));
        bundle = Step("[2/7] encoder", () => bundlePath is not null ? bundle : ModelBuilder.PretrainEncoder(bundle, settings, Console.Out));
        if (bundlePath is null)
        {
            Console.WriteLine($"  note: {ModelBuilder.Description}");
        }

        var started = Stopwatch.StartNew();
        Console.WriteLine("[3/7] silo");
        await using var silo = await EmbeddedSilo.StartAsync(bundle, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var client = new IngressClient(silo.BaseAddress, silo.Token, maxConnections: 64);
        var engine = await silo.Grains.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary).DescribeAsync().ConfigureAwait(false);
        Console.WriteLine($"  embedded silo (gpu role, memory storage/streams/reminders) at {silo.BaseAddress} serving {engine.Model}: {engine.Users} users, {engine.Items} items, {engine.TrainEdges} interactions, engine version {engine.Version} — up in {started.Elapsed.TotalSeconds:F1} s");

        var user = chosenUser ?? MostActiveUser(bundle);
        var before = await client.RecommendAsync(user, k, cancellationToken).ConfigureAwait(false)
            ?? throw new UserFacingException($"user {user} is not in the model");
        var userItems = (await client.ServedUserAsync(user, cancellationToken).ConfigureAwait(false))!.Interactions;
        Console.WriteLine($"[4/7] before: top {k} for user {user} ({userItems.Length} interactions, engine version {before.UserVersion})");
        PrintRecommendations(before, null);

        // the demo user forgets three of their interactions; the rest of the stream is random interactions of others
        var forgetOwn = userItems.Take(Math.Min(3, userItems.Length)).ToArray();
        var others = TrainingEdgeSampler.Sample(bundle, Math.Max(0, requestCount - forgetOwn.Length), settings.Seed, new HashSet<long> { user });
        var stream = forgetOwn.Select(i => (User: user, Item: i)).Concat(others).ToList();
        var requests = stream.Select((e, i) => new DeletionRequestBody { RequestId = $"demo-{i}", User = e.User, Items = [e.Item] }).ToList();
        Console.WriteLine($"[5/7] deletions: {requests.Count} requests at {rate:F0}/s → HTTP ingress → partition ledgers → influence grain (engine) → dispatcher → user and item grains");
        Console.WriteLine($"  user {user} forgets items {string.Join(", ", forgetOwn)}");
        var report = await DeletionLoad.RunAsync(client, requests, rate, 64, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        DeletionLoad.Print(report, Console.Out, rate);
        var duplicate = await client.SubmitAsync(requests[0], cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"  re-sent {duplicate.RequestId}: duplicate={duplicate.Duplicate}, state {duplicate.State} (no second effect)");

        var after = await client.RecommendAsync(user, k, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"[6/7] after: top {k} for user {user} (engine version {after!.UserVersion}; + new in the list, * an item the user just forgot)");
        PrintRecommendations(after, (before, forgetOwn));

        var applied = report.Statuses.Where(s => s.State == "applied").Select(s => s.RequestId).ToHashSet();
        var forgotten = stream.Where((_, i) => applied.Contains(requests[i].RequestId!)).ToList();
        var shards = silo.Services.GetRequiredService<IOptions<ServingTopologyOptions>>().Value.ItemShards;
        // the served rows are read afresh each time: consolidation below refreshes them
        Task<MembershipReport> MeasureServedAsync() => MembershipProbe.MeasureAsync(bundle, forgotten, (u, i) => ReadServedAsync(silo.Grains, shards, u, i), settings.Seed);
        // the requests' own rows are exact at "applied"; the rest of the neighbourhood follows in background flushes
        await client.WaitUntilSettledAsync(TimeSpan.FromSeconds(30), null, cancellationToken).ConfigureAwait(false);
        var membership = await MeasureServedAsync().ConfigureAwait(false);
        Console.WriteLine($"  unlearning on the served embeddings: {membership}");
        Console.WriteLine("  (MI-BF > 1: forgotten interactions score lower than before; MI-NG > 1: they now score below random non-interactions)");

        // zero-shot corrections are what the stream gets at once; consolidation is the slower fine-tuning pass an
        // operator schedules (UnlearnRec:Influence:ConsolidationInterval) or triggers, shown here on demand
        Console.WriteLine("[7/7] consolidation: fine-tune the encoder's MLP and E0′ on the residual graph (POST /admin/consolidate), then refresh every served row");
        var consolidation = Stopwatch.StartNew();
        var consolidated = await client.ConsolidateAsync(cancellationToken).ConfigureAwait(false);
        if (consolidated is null)
        {
            Console.WriteLine("  this model's corrector cannot fine-tune (the bundle has no pre-trained encoder); served rows unchanged");
        }
        else
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  engine version {consolidated} after {consolidation.Elapsed.TotalSeconds:F1} s"));
            var tuned = await MeasureServedAsync().ConfigureAwait(false);
            Console.WriteLine($"  unlearning on the served embeddings after consolidation: {tuned}");
        }

        var status = await silo.Grains.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary).DescribeAsync().ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  engine version {status.Version}, {status.ForgottenEdges} of {status.TrainEdges} interactions forgotten"));
        Console.WriteLine();
        Console.WriteLine($"demo finished in {total.Elapsed.TotalSeconds:F1} s");
        return report.Pending == 0 ? 0 : 1;
    }

    private static T Step<T>(string title, Func<T> body)
    {
        Console.WriteLine(title);
        var watch = Stopwatch.StartNew();
        var result = body();
        Console.WriteLine($"  ({watch.Elapsed.TotalSeconds:F1} s)");
        return result;
    }

    private static ModelBundle LoadBundle(string path)
    {
        var bundle = ModelBundle.Load(path);
        Console.WriteLine($"  loaded {Path.GetFullPath(path)}: {bundle.Manifest.Model} on {bundle.Manifest.Dataset}, {bundle.Manifest.Users} users, {bundle.Manifest.Items} items");
        return bundle;
    }

    private static long MostActiveUser(ModelBundle bundle)
    {
        var pairs = bundle.Ints(BundleArrayNames.TrainEdges);
        var counts = new int[bundle.Manifest.Users];
        for (var e = 0; e < pairs.Length / 2; e++)
        {
            counts[pairs[2 * e]]++;
        }

        return bundle.Longs(BundleArrayNames.UserIds)[Array.IndexOf(counts, counts.Max())];
    }

    private static void PrintRecommendations(RecommendationResponse result, (RecommendationResponse Before, long[] Forgotten)? comparison)
    {
        var previous = comparison?.Before.Items.Select(i => i.Item).ToHashSet() ?? [];
        for (var r = 0; r < result.Items.Length; r++)
        {
            var item = result.Items[r];
            var mark = comparison is null ? " " : comparison.Value.Forgotten.Contains(item.Item) ? "*" : previous.Contains(item.Item) ? " " : "+";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {mark}{r + 1,3}. item {item.Item,-10} score {item.Score,8:F4}"));
        }

        if (comparison is { } c)
        {
            var dropped = c.Before.Items.Select(i => i.Item).Except(result.Items.Select(i => i.Item)).ToList();
            if (dropped.Count > 0)
            {
                Console.WriteLine($"    left the list: {string.Join(", ", dropped)}");
            }
        }
    }

    private static async Task<(Dictionary<long, float[]> Users, Dictionary<long, float[]> Items)> ReadServedAsync(IGrainFactory grains, int shards, long[] userIds, long[] itemIds)
    {
        var views = await Task.WhenAll(userIds.Select(u => grains.GetGrain<IUserGrain>(u).GetViewAsync())).ConfigureAwait(false);
        var users = views.ToDictionary(v => v.UserId, v => PackedVectors.Unpack(v.Embedding));
        var items = new Dictionary<long, float[]>();
        var byShard = itemIds.GroupBy(i => ServingTopology.ShardOf(i, shards));
        foreach (var rows in await Task.WhenAll(byShard.Select(g => grains.GetGrain<IItemShardGrain>(g.Key).GetRowsAsync([.. g]))).ConfigureAwait(false))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                items[rows.Ids[i]] = rows.Row(i).ToArray();
            }
        }

        return (users, items);
    }
}
