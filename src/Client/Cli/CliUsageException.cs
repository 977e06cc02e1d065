namespace UnlearnRec.Client.Cli;

/// <summary>The command line is wrong (unknown option, missing or malformed value). Reported with the command's usage; exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
