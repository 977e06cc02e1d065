using System.Globalization;

namespace UnlearnRec.Client.Cli;

/// <summary>
/// Parsed options of one command: <c>--name value</c>, <c>--name=value</c> and bare flags (<c>--json</c>).
/// Every option a command reads is marked used; <see cref="EnsureAllUsed"/> then rejects typos with a clear message.
/// </summary>
public sealed class CommandLineArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];

    /// <summary>Parses raw arguments (after the verb).</summary>
    public CommandLineArguments(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                var eq = a.IndexOf('=', StringComparison.Ordinal);
                string name;
                string? value = null;
                if (eq > 0)
                {
                    name = a[2..eq];
                    value = a[(eq + 1)..];
                }
                else
                {
                    name = a[2..];
                    if (i + 1 < args.Count && !IsOptionName(args[i + 1]))
                    {
                        value = args[++i];
                    }
                }

                if (!_options.TryAdd(name, value))
                {
                    throw new CliUsageException($"option --{name} is given twice");
                }
            }
            else
            {
                _positionals.Add(a);
            }
        }
    }

    /// <summary>Arguments that are not options.</summary>
    public IReadOnlyList<string> Positionals => _positionals;

    /// <summary>Whether the option was given (with or without a value).</summary>
    public bool Has(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    /// <summary>A bare flag such as <c>--json</c> (also accepts <c>--json=true|false</c>).</summary>
    public bool Flag(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var value))
        {
            return false;
        }

        return value is null || value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1"
            ? true
            : value.Equals("false", StringComparison.OrdinalIgnoreCase) || value == "0"
                ? false
                : throw new CliUsageException($"--{name} is a flag; it takes no value (got '{value}')");
    }

    /// <summary>A string option, or <paramref name="defaultValue"/> when absent.</summary>
    public string? String(string name, string? defaultValue = null)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var value))
        {
            return defaultValue;
        }

        return value ?? throw new CliUsageException($"--{name} needs a value");
    }

    /// <summary>A required string option.</summary>
    public string Required(string name) => String(name) ?? throw new CliUsageException($"--{name} is required");

    /// <summary>An integer option with an inclusive range check.</summary>
    public int Int(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue)
    {
        var s = String(name);
        if (s is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            throw new CliUsageException($"--{name} must be an integer (got '{s}')");
        }

        return v < min || v > max ? throw new CliUsageException($"--{name} must be between {min} and {max} (got {v})") : v;
    }

    /// <summary>A 64-bit integer option.</summary>
    public long Long(string name, long defaultValue)
    {
        var s = String(name);
        if (s is null)
        {
            return defaultValue;
        }

        return long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new CliUsageException($"--{name} must be an integer (got '{s}')");
    }

    /// <summary>A floating-point option with an inclusive range check.</summary>
    public double Double(string name, double defaultValue, double min = double.MinValue, double max = double.MaxValue)
    {
        var s = String(name);
        if (s is null)
        {
            return defaultValue;
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsNaN(v))
        {
            throw new CliUsageException($"--{name} must be a number (got '{s}')");
        }

        return v < min || v > max ? throw new CliUsageException($"--{name} must be between {min} and {max} (got {v})") : v;
    }

    /// <summary>One of a fixed set of values (case-insensitive), returned in lower case.</summary>
    public string Choice(string name, string defaultValue, params string[] allowed)
    {
        var s = (String(name) ?? defaultValue).ToLowerInvariant();
        return allowed.Contains(s, StringComparer.Ordinal)
            ? s
            : throw new CliUsageException($"--{name} must be one of {string.Join(", ", allowed)} (got '{s}')");
    }

    /// <summary>Rejects options the command did not read (typos) and stray positional arguments.</summary>
    public void EnsureAllUsed(int allowedPositionals = 0)
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new CliUsageException($"unknown option{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown.Select(u => "--" + u))}");
        }

        if (_positionals.Count > allowedPositionals)
        {
            throw new CliUsageException($"unexpected argument '{_positionals[allowedPositionals]}'");
        }
    }

    private static bool IsOptionName(string s) =>
        s.StartsWith("--", StringComparison.Ordinal) && s.Length > 2 && !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
