using System.Security.Cryptography;
using UnlearnRec.Client.Online;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Model.Engine;

namespace UnlearnRec.Integration.Tests.Infrastructure;

/// <summary>
/// The local-cluster profile as real processes on loopback: Azurite, one gpu-role silo and two cpu-role silos
/// (Azure Table clustering and reminders, Table/Blob storage, Azure Queue stream). Every port is free-chosen, every
/// store is fresh, and everything is stopped when the fixture is disposed.
/// </summary>
public sealed class LocalClusterFixture : IAsyncLifetime
{
    /// <summary>Names of the silos; index 0 has the gpu role.</summary>
    public static readonly string[] SiloNames = ["gpu", "cpu-1", "cpu-2"];

    private readonly string _work = Path.Combine(Path.GetTempPath(), "unlearnrec-it-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly ManagedProcess?[] _silos = new ManagedProcess?[3];
    private readonly int[][] _ports = [FreePorts.Take(3), FreePorts.Take(3), FreePorts.Take(3)];
    private readonly string _clusterId = "it-" + Guid.NewGuid().ToString("N")[..8];
    private AzuriteInstance? _azurite;

    /// <summary>Why the tests cannot run here, or null.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The served model.</summary>
    public ModelBundle Bundle { get; } = UntrainedBundleFactory.Synthetic(new SyntheticBundleSpec
    {
        Users = 1500,
        Items = 800,
        InteractionsPerUser = 30,
        Dim = 32,
        Seed = 5,
    });

    /// <summary>Ingress token of the cluster.</summary>
    public string Token { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Azure Storage connection string (Azurite).</summary>
    public string ConnectionString => _azurite!.ConnectionString;

    /// <summary>Directory with the logs of every process.</summary>
    public string LogDirectory => _work;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_work);
        // CI sets UNLEARNREC_REQUIRE_AZURITE=1: there a missing prerequisite is a failure, never a silent skip
        var required = Environment.GetEnvironmentVariable("UNLEARNREC_REQUIRE_AZURITE") == "1";
        if (!File.Exists(RepositoryPaths.SiloDll))
        {
            SkipReason = $"the silo is not built at {RepositoryPaths.SiloDll}";
            if (required)
            {
                throw new InvalidOperationException(SkipReason);
            }

            return;
        }

        (_azurite, var problem) = await AzuriteInstance.StartAsync(_work);
        if (_azurite is null)
        {
            SkipReason = problem;
            if (required)
            {
                throw new InvalidOperationException($"Azurite could not be started: {problem}");
            }

            return;
        }

        Bundle.Save(Path.Combine(_work, "bundle"));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(StartSiloAsync));
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => StopSiloAsync(i)));
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            silo?.Dispose();
        }

        if (Environment.GetEnvironmentVariable("UNLEARNREC_IT_KEEP_LOGS") == "1")
        {
            return; // keep the process logs for a post-mortem
        }

        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // a log still being flushed; the directory is in the temp folder
        }
    }

    /// <summary>The HTTP ingress of silo <paramref name="index"/>.</summary>
    public Uri IngressUri(int index) => new($"http://127.0.0.1:{_ports[index][2]}/");

    /// <summary>An ingress client for silo <paramref name="index"/>.</summary>
    public IngressClient Client(int index, int maxConnections = 64) => new(IngressUri(index), Token, maxConnections);

    /// <summary>Starts silo <paramref name="index"/> and waits until it is ready.</summary>
    public async Task StartSiloAsync(int index)
    {
        if (_silos[index] is { IsRunning: true })
        {
            return;
        }

        _silos[index]?.Dispose();
        var ports = _ports[index];
        var arguments = new List<string>
        {
            RepositoryPaths.SiloDll, "--profile", "local-cluster", "--role", index == 0 ? "gpu" : "cpu",
            "--cluster-id", _clusterId, "--silo-port", $"{ports[0]}", "--gateway-port", $"{ports[1]}", "--http-port", $"{ports[2]}",
        };
        if (index == 0)
        {
            arguments.AddRange(["--bundle", Path.Combine(_work, "bundle")]);
        }

        var environment = new Dictionary<string, string>
        {
            ["UnlearnRec__Storage__ConnectionString"] = ConnectionString,
            ["UnlearnRec__Ingress__Token"] = Token,
            ["UnlearnRec__Ledger__RetryMaxBackoff"] = "00:00:02",
            // the ledgers remember 8 × 256 completed requests, fewer than the open-loop load sends: its test only
            // passes when the load generator collects statuses while the load runs
            ["UnlearnRec__Ledger__HistoryCapacity"] = "256",
            ["DOTNET_gcServer"] = "0",
            // every moved row sent exactly: the influence grain re-sends every row after a restart (a silo may have been
            // lost while it was down), and the restart test compares the rows served before and after it bit for bit
            ["UnlearnRec__Engine__ChangeTolerance"] = "0",
        };
        if (index == 0)
        {
            // background checkpoints only hourly: a killed gpu silo's checkpoint then certainly misses the latest
            // removals, and the restart must recover them from the users' interaction lists
            environment["UnlearnRec__Influence__CheckpointInterval"] = "01:00:00";
        }

        _silos[index] = ManagedProcess.Start(SiloNames[index], "dotnet", arguments, environment, Path.Combine(_work, SiloNames[index] + ".log"));
        using var client = Client(index);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!await client.IsReadyAsync(CancellationToken.None))
        {
            if (!_silos[index]!.IsRunning)
            {
                throw new InvalidOperationException($"silo {SiloNames[index]} exited during start; see {Path.Combine(_work, SiloNames[index] + ".log")}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"silo {SiloNames[index]} not ready after 3 minutes; see {_work}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Stops silo <paramref name="index"/> gracefully (SIGTERM).</summary>
    public async Task StopSiloAsync(int index)
    {
        if (_silos[index] is { } silo)
        {
            await silo.StopAsync(PosixSignals.Terminate, TimeSpan.FromSeconds(45));
        }
    }

    /// <summary>Kills silo <paramref name="index"/> without warning (SIGKILL): nothing is flushed or checkpointed.</summary>
    public async Task KillSiloAsync(int index)
    {
        if (_silos[index] is { } silo)
        {
            await silo.StopAsync(PosixSignals.HardKill, TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Starts any silo that is not running.</summary>
    public Task EnsureAllRunningAsync() => Task.WhenAll(Enumerable.Range(0, 3).Select(StartSiloAsync));
}
