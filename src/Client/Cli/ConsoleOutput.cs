using System.Text.Json;
using System.Text.Json.Nodes;

namespace UnlearnRec.Client.Cli;

/// <summary>
/// Output conventions of the tool: progress goes to stderr (so stdout stays machine-readable), results to stdout,
/// and with <c>--json</c> the last stdout line is a single JSON object.
/// </summary>
public static class ConsoleOutput
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>A progress line on stderr.</summary>
    public static void Progress(string line) => Console.Error.WriteLine(line);

    /// <summary>A result line on stdout.</summary>
    public static void Result(string line) => Console.Out.WriteLine(line);

    /// <summary>Writes one JSON object as a single stdout line.</summary>
    public static void Json(JsonObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Console.Out.WriteLine(value.ToJsonString(Compact));
        Console.Out.Flush();
    }

    /// <summary>Rounds for JSON output (keeps files readable; 6 significant decimals is plenty for metrics).</summary>
    public static double Round(double value, int digits = 6) => double.IsFinite(value) ? Math.Round(value, digits) : 0;
}
