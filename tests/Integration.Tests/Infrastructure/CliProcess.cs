using System.Diagnostics;

namespace UnlearnRec.Integration.Tests.Infrastructure;

/// <summary>Runs the <c>unlearnrec</c> tool as a user does: a child process, its stdout, stderr and exit code.</summary>
internal static class CliProcess
{
    /// <summary>Runs the tool with <paramref name="args"/>; kills it and throws when it outlives five minutes.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        // fully qualified: the silo's top-level Program in the global namespace would win otherwise
        info.ArgumentList.Add(typeof(UnlearnRec.Client.Program).Assembly.Location);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"unlearnrec {args.FirstOrDefault()} did not finish within 5 minutes");
        }

        return (process.ExitCode, stdout, stderr.Result);
    }
}
