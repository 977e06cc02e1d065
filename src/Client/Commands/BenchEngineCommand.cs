using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using UnlearnRec.Client.Cli;
using UnlearnRec.Client.Online;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Unlearning;
using UnlearnRec.Model.Engine;
using UnlearnRec.Model.Influence;

namespace UnlearnRec.Client.Commands;

/// <summary>
/// <c>unlearnrec bench-engine</c>: times the influence engine alone, in this process, on the computations the online
/// system asks of it. A benchmark: it prints figures and asserts nothing.
/// </summary>
/// <remarks>
/// Why a benchmark of its own: the cluster's latency mixes the engine with storage, grains and the machine's drift,
/// and its figures move by a third from one hour to the next. The engine's cost per computation is what an engine
/// change moves; measured alone, alternating two builds a few minutes apart tells their difference.
/// </remarks>
public sealed class BenchEngineCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "bench-engine";

    /// <inheritdoc />
    public string Summary => "time the influence engine alone on a bundle: request computations and flushes (JSON figures)";

    /// <inheritdoc />
    public string Usage => """
        usage: unlearnrec bench-engine --bundle DIR [options]

        Loads the bundle into an influence engine (the pre-trained Influence Encoder when the bundle has one, as the
        gpu silo does) with the engine's default settings, then runs request computations the way a loaded cluster
        does: each forgets N distinct random training interactions (one per request), and every F-th is followed by
        a flush (the empty computation that propagates the whole graph and sends the neighbourhood). The forgotten set
        grows as the run goes on, as it does in a cluster under load, so the figures are also given per third of the
        run. Prints progress on stderr and one JSON object as the last stdout line. Measures; asserts nothing.

          --bundle DIR                  model bundle
          --requests-per-computation N  requests merged into one computation (default 50: a loaded cluster's ~4 batches)
          --computations N              request computations (default 150)
          --flush-every F               a flush after every F-th request computation (default 6; 0 = none)
          --kernel-threads N            threads of the sparse kernels (default 1, as the silo's KernelParallelism)
          --device NAME                 cpu | cuda | cuda:N for the encoder (default cpu)
          --seed N                      random seed of the interactions forgotten (default 1)

        example: unlearnrec bench-engine --bundle runs/ml1m-enc --computations 200
        """;

    /// <inheritdoc />
    public async Task<int> RunAsync(CommandLineArguments args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var bundlePath = args.Required("bundle");
        var perComputation = args.Int("requests-per-computation", 50, 1, 100_000);
        var computations = args.Int("computations", 150, 1, 1_000_000);
        var flushEvery = args.Int("flush-every", 6, 0, 1_000_000);
        var kernelThreads = args.Int("kernel-threads", 1, 1, 1024);
        var device = TrainCommand.ResolveDevice(args.String("device", "cpu"));
        var seed = args.Int("seed", 1);
        args.EnsureAllUsed();

        var bundle = ModelBundle.Load(bundlePath);
        var edges = bundle.Ints(BundleArrayNames.TrainEdges);
        var edgeCount = edges.Length / 2;
        if ((long)perComputation * computations > edgeCount)
        {
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture,
                $"{perComputation} × {computations} requests would forget more than the bundle's {edgeCount} training interactions"));
        }

        // as the gpu silo's host does with InfluenceEngineOptions.KernelParallelism (the engine itself never reads it)
        SparseKernels.MaxDegreeOfParallelism = kernelThreads;
        await using var engine = InfluenceEngine.Create(bundle, new InfluenceEngineOptions(), new EncoderCorrectorFactory(device));
        var d = engine.Describe();
        ConsoleOutput.Progress(string.Create(CultureInfo.InvariantCulture,
            $"bench-engine: {d.Model} on {d.Dataset}: {d.UserCount} users, {d.ItemCount} items, {d.TrainEdges} interactions; corrector {engine.CorrectorName}; {computations} computations of {perComputation} requests, a flush every {flushEvery}"));

        var userIds = bundle.Longs(BundleArrayNames.UserIds);
        var itemIds = bundle.Longs(BundleArrayNames.ItemIds);
        // distinct interactions: a partial Fisher–Yates shuffle of the edge positions
        var order = Enumerable.Range(0, edgeCount).ToArray();
        var random = new Random(seed);
        var requests = new List<double>(computations);
        var flushes = new List<double>();
        var applied = 0;
        var started = Stopwatch.GetTimestamp();
        var next = 0;
        for (var c = 0; c < computations; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var commands = new List<DeletionCommand>(perComputation);
            for (var k = 0; k < perComputation; k++, next++)
            {
                var pick = next + random.Next(edgeCount - next);
                (order[next], order[pick]) = (order[pick], order[next]);
                var e = order[next];
                commands.Add(DeletionCommand.ForInteractions($"bench-{c}-{k}", userIds[edges[2 * e]], itemIds[edges[(2 * e) + 1]]));
            }

            var set = await engine.ApplyAsync(commands, cancellationToken).ConfigureAwait(false);
            requests.Add(set.ComputeMilliseconds);
            applied += set.Outcomes.Count(o => o.Applied);
            if (flushEvery > 0 && (c + 1) % flushEvery == 0)
            {
                flushes.Add((await engine.ApplyAsync([], cancellationToken).ConfigureAwait(false)).ComputeMilliseconds);
            }

            if ((c + 1) % 50 == 0 || c + 1 == computations)
            {
                ConsoleOutput.Progress(string.Create(CultureInfo.InvariantCulture,
                    $"bench-engine: {c + 1}/{computations} computations, {applied} requests applied, last third so far {LatencySummary.Of(requests.Skip(requests.Count * 2 / 3)).Mean:F1} ms per computation"));
            }
        }

        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = LatencySummary.Of(requests);
        var third = Math.Max(1, computations / 3);
        var thirds = new JsonArray(
            Figure(LatencySummary.Of(requests.Take(third)).Mean),
            Figure(LatencySummary.Of(requests.Skip(third).Take(third)).Mean),
            Figure(LatencySummary.Of(requests.Skip(2 * third)).Mean));
        var flushSummary = LatencySummary.Of(flushes);
        var engineSeconds = (requests.Sum() + flushes.Sum()) / 1000;
        ConsoleOutput.Result(string.Create(CultureInfo.InvariantCulture,
            $"request computations: {all}; by third of the run: {thirds.ToJsonString()} ms mean"));
        ConsoleOutput.Result(string.Create(CultureInfo.InvariantCulture, $"flushes: {flushSummary}"));
        ConsoleOutput.Result(string.Create(CultureInfo.InvariantCulture,
            $"{applied} requests applied; engine capacity at this merge size ≈ {applied / Math.Max(engineSeconds, 1e-9):F0} requests/s of engine time"));
        ConsoleOutput.Json(new JsonObject
        {
            ["bundle"] = Path.GetFullPath(bundlePath),
            ["model"] = d.Model,
            ["dataset"] = d.Dataset,
            ["users"] = d.UserCount,
            ["items"] = d.ItemCount,
            ["train_edges"] = d.TrainEdges,
            ["corrector"] = engine.CorrectorName,
            ["kernel_threads"] = kernelThreads,
            ["requests_per_computation"] = perComputation,
            ["computations"] = computations,
            ["flush_every"] = flushEvery,
            ["applied"] = applied,
            ["forgotten_at_end"] = engine.Describe().ForgottenEdges,
            ["request_ms"] = Figures(all),
            ["request_ms_mean_by_third"] = thirds,
            ["flushes"] = flushes.Count,
            ["flush_ms"] = Figures(flushSummary),
            ["engine_requests_per_second"] = Figure(applied / Math.Max(engineSeconds, 1e-9)),
            ["wall_seconds"] = Figure(wall),
        });
        return 0;
    }

    private static JsonObject Figures(LatencySummary s) => new()
    {
        ["mean"] = Figure(s.Mean),
        ["p50"] = Figure(s.P50),
        ["p95"] = Figure(s.P95),
        ["p99"] = Figure(s.P99),
        ["max"] = Figure(s.Max),
    };

    private static double Figure(double value) => ConsoleOutput.Round(value, 3);
}
