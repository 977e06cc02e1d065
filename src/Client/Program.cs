using System.Reflection;
using UnlearnRec.Client.Cli;

namespace UnlearnRec.Client;

/// <summary>Entry point of the <c>unlearnrec</c> tool: dispatches to the sub-command named by the first argument.</summary>
public static class Program
{
    /// <summary>Runs the tool.</summary>
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        // process-wide native settings (OpenMP wait policy, malloc thresholds) must precede the first libtorch load
        UnlearnRec.Model.Torch.ComputeDevice.EnsureInitialised();
        var commands = DiscoverCommands();
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            if (args.Length > 1 && commands.TryGetValue(args[1], out var helpFor))
            {
                Console.WriteLine(helpFor.Usage);
                return 0;
            }

            PrintCommandList(commands);
            return args.Length == 0 ? 2 : 0;
        }

        if (args[0] is "--version" or "version")
        {
            Console.WriteLine(typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
            return 0;
        }

        if (!commands.TryGetValue(args[0], out var command))
        {
            Console.Error.WriteLine($"unlearnrec: unknown command '{args[0]}'");
            PrintCommandList(commands);
            return 2;
        }

        if (args.Skip(1).Any(a => a is "-h" or "--help"))
        {
            Console.WriteLine(command.Usage);
            return 0;
        }

        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // first Ctrl+C asks the command to stop cleanly; a second one kills the process
            if (!cts.IsCancellationRequested)
            {
                e.Cancel = true;
                Console.Error.WriteLine("unlearnrec: stopping (press Ctrl+C again to abort)");
                cts.Cancel();
            }
        };

        try
        {
            return await command.RunAsync(new CommandLineArguments(args.Skip(1).ToArray()), cts.Token).ConfigureAwait(false);
        }
        catch (CliUsageException e)
        {
            Console.Error.WriteLine($"unlearnrec {command.Name}: {e.Message}");
            Console.Error.WriteLine($"run 'unlearnrec {command.Name} --help' for usage");
            return 2;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Console.Error.WriteLine($"unlearnrec {command.Name}: cancelled");
            return 130;
        }
        catch (Exception e) when (e is UserFacingException or UnlearnRec.Core.Data.DataFormatException or UnlearnRec.Core.Bundles.BundleFormatException)
        {
            Console.Error.WriteLine($"unlearnrec {command.Name}: error: {e.Message}");
            return 1;
        }
    }

    private static Dictionary<string, ICliCommand> DiscoverCommands() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(ICliCommand).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
            .ToDictionary(c => c.Name, StringComparer.Ordinal);

    private static void PrintCommandList(Dictionary<string, ICliCommand> commands)
    {
        Console.WriteLine("usage: unlearnrec <command> [options]   (unlearnrec help <command> for details)");
        Console.WriteLine();
        foreach (var c in commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            Console.WriteLine($"  {c.Name,-16}{c.Summary}");
        }
    }
}
