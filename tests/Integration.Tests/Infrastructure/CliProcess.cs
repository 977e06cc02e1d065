using System.Diagnostics;

namespace UnlearnRec.Integration.Tests.Infrastructure;

/// <summary>Runs a program as a user does: a child process, its stdout, stderr and exit code.</summary>
internal static class CliProcess
{
    /// <summary>Runs the <c>unlearnrec</c> tool with <paramref name="args"/>; kills it and throws when it outlives five minutes.</summary>
    // fully qualified: the silo's top-level Program in the global namespace would win otherwise
    public static (int Code, string Out, string Err) Run(params string[] args) =>
        RunProgram("dotnet", TimeSpan.FromMinutes(5), [typeof(UnlearnRec.Client.Program).Assembly.Location, .. args]);

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="args"/>; kills it and throws when it outlives <paramref name="timeout"/>.</summary>
    public static (int Code, string Out, string Err) RunProgram(string fileName, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args.Take(2))} did not finish within {timeout}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
