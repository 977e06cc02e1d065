using System.Runtime.InteropServices;

namespace UnlearnRec.Integration.Tests.Infrastructure;

/// <summary>Sends POSIX signals (Process.Kill only sends SIGKILL; a graceful stop needs SIGTERM/SIGINT).</summary>
internal static partial class PosixSignals
{
    /// <summary>SIGINT: Azurite's graceful stop (it flushes its table store only on this signal).</summary>
    public const int Interrupt = 2;

    /// <summary>SIGKILL: no chance to clean up.</summary>
    public const int HardKill = 9;

    /// <summary>SIGTERM: the .NET host's graceful shutdown.</summary>
    public const int Terminate = 15;

    /// <summary>Sends a signal; false when the process does not exist.</summary>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
