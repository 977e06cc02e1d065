using UnlearnRec.Client.Cli;

namespace UnlearnRec.Client.Online;

/// <summary>
/// Resolves where the online commands connect: <c>--url</c> (or env <c>UNLEARNREC_URL</c>, default
/// http://127.0.0.1:8080, the gpu silo of scripts/cluster-up.sh) and <c>--token</c> (or env <c>UNLEARNREC_TOKEN</c>, or
/// the file <c>.cluster/token</c> that scripts/cluster-up.sh writes).
/// </summary>
public static class IngressConnection
{
    /// <summary>Usage lines for the connection options.</summary>
    public const string Usage = """
          --url URL          ingress of any silo (default: $UNLEARNREC_URL or http://127.0.0.1:8080)
          --token TOKEN      bearer token (default: $UNLEARNREC_TOKEN, else the file .cluster/token)
        """;

    /// <summary>A client built from the command line and environment.</summary>
    public static IngressClient Create(CommandLineArguments args, int maxConnections = 64)
    {
        ArgumentNullException.ThrowIfNull(args);
        var url = args.String("url") ?? Environment.GetEnvironmentVariable("UNLEARNREC_URL") ?? "http://127.0.0.1:8080";
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri))
        {
            throw new CliUsageException($"--url '{url}' is not an absolute URL");
        }

        var token = args.String("token") ?? Environment.GetEnvironmentVariable("UNLEARNREC_TOKEN");
        if (token is null && File.Exists(Path.Combine(".cluster", "token")))
        {
            token = File.ReadAllText(Path.Combine(".cluster", "token")).Trim();
        }

        if (string.IsNullOrEmpty(token))
        {
            throw new CliUsageException("no ingress token: pass --token, set UNLEARNREC_TOKEN, or run from the directory where scripts/cluster-up.sh wrote .cluster/token");
        }

        return new IngressClient(uri, token, maxConnections);
    }
}
