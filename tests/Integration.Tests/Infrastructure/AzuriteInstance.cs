using System.Diagnostics;
using System.Net.Sockets;

namespace UnlearnRec.Integration.Tests.Infrastructure;

/// <summary>
/// Azurite (blob, queue, table) on free loopback ports with its data in a temporary directory. Uses the copy that
/// scripts/install-azurite.sh puts in .azurite/, installing it first if needed.
/// </summary>
public sealed class AzuriteInstance : IAsyncDisposable
{
    private readonly ManagedProcess _process;

    private AzuriteInstance(ManagedProcess process, int blob, int queue, int table)
    {
        _process = process;
        ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    /// <summary>Connection string for this instance.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// Starts Azurite; returns null with a reason when it cannot be installed or started (Node.js/npm missing or no
    /// network for the first install).
    /// </summary>
    public static async Task<(AzuriteInstance? Instance, string? Problem)> StartAsync(string workDirectory)
    {
        var entry = Path.Combine(RepositoryPaths.Root, ".azurite", "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(entry))
        {
            var install = await RunAsync("bash", [Path.Combine(RepositoryPaths.Root, "scripts", "install-azurite.sh")], TimeSpan.FromMinutes(5));
            if (!File.Exists(entry))
            {
                return (null, $"Azurite is not installed and scripts/install-azurite.sh failed: {install}");
            }
        }

        var ports = FreePorts.Take(3);
        var data = Path.Combine(workDirectory, "azurite");
        Directory.CreateDirectory(data);
        var process = ManagedProcess.Start(
            "azurite",
            "node",
            [entry, "--silent", "--disableTelemetry", "--location", data,
             "--blobHost", "127.0.0.1", "--blobPort", $"{ports[0]}",
             "--queueHost", "127.0.0.1", "--queuePort", $"{ports[1]}",
             "--tableHost", "127.0.0.1", "--tablePort", $"{ports[2]}"],
            new Dictionary<string, string>(),
            Path.Combine(workDirectory, "azurite.log"));
        var instance = new AzuriteInstance(process, ports[0], ports[1], ports[2]);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!ports.All(Listening))
        {
            if (!process.IsRunning || DateTime.UtcNow > deadline)
            {
                await instance.DisposeAsync();
                return (null, "Azurite did not start (see azurite.log in " + workDirectory + ")");
            }

            await Task.Delay(100);
        }

        return (instance, null);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(PosixSignals.Interrupt, TimeSpan.FromSeconds(15));
        _process.Dispose();
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<string> RunAsync(string file, string[] arguments, TimeSpan timeout)
    {
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in arguments)
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info)!;
            using var cts = new CancellationTokenSource(timeout);
            var stderr = process.StandardError.ReadToEndAsync(cts.Token);
            await process.WaitForExitAsync(cts.Token);
            return $"exit {process.ExitCode}: {(await stderr).Trim()}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return e.Message;
        }
    }
}
