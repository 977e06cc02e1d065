using Microsoft.Extensions.Options;
using UnlearnRec.Silo.Hosting;

namespace UnlearnRec.Silo;

/// <summary>
/// The silo executable. Examples:
/// <c>UnlearnRec.Silo --role gpu --bundle ./model --token $TOKEN</c> (embedded profile, one process), or
/// <c>UnlearnRec.Silo --profile local-cluster --role cpu --silo-port 11112 --gateway-port 30001 --http-port 8081
/// --storage "UseDevelopmentStorage=true" --token $TOKEN</c>.
/// </summary>
public static class Program
{
    /// <summary>Runs the silo until SIGTERM/SIGINT; exit code 2 on configuration errors.</summary>
    public static async Task<int> Main(string[] args)
    {
        try
        {
            await using var app = UnlearnRecSiloHost.Build(args);
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (SiloConfigurationException e)
        {
            await Console.Error.WriteLineAsync("unlearnrec silo: configuration error:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", e.Errors)).ConfigureAwait(false);
            return 2;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("unlearnrec silo: configuration error:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", e.Failures)).ConfigureAwait(false);
            return 2;
        }
    }
}
