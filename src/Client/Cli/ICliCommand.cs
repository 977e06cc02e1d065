namespace UnlearnRec.Client.Cli;

/// <summary>
/// One sub-command of the <c>unlearnrec</c> tool. Implementations are discovered by reflection, so adding a command is
/// adding a class: no central list to edit.
/// </summary>
public interface ICliCommand
{
    /// <summary>Verb typed on the command line (e.g. <c>train</c>).</summary>
    string Name { get; }

    /// <summary>One-line description for the command list.</summary>
    string Summary { get; }

    /// <summary>Full usage text (options, defaults, examples).</summary>
    string Usage { get; }

    /// <summary>Runs the command; returns the process exit code.</summary>
    Task<int> RunAsync(CommandLineArguments args, CancellationToken cancellationToken);
}
