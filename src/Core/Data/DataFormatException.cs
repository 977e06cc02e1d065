namespace UnlearnRec.Core.Data;

/// <summary>
/// Input data is malformed or inconsistent. The message names the file and, where it applies, the 1-based line.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception for a whole file (no line).</summary>
    public DataFormatException(string file, string problem)
        : base($"{file}: {problem}")
    {
        File = file;
        Problem = problem;
    }

    /// <summary>Creates the exception for one line of a file.</summary>
    public DataFormatException(string file, long line, string problem)
        : base($"{file}:{line}: {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    /// <summary>The offending file.</summary>
    public string File { get; } = "";

    /// <summary>1-based line number, or null for file-level problems.</summary>
    public long? Line { get; }

    /// <summary>The problem without the location.</summary>
    public string Problem { get; } = "";
}
