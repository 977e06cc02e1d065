namespace UnlearnRec.Core.Diagnostics;

/// <summary>Resident-memory figures of the current process (Linux /proc; falls back to the runtime's view elsewhere).</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM) in MiB.</summary>
    public static double PeakRssMb() => ReadStatusKb("VmHWM:") is { } kb ? kb / 1024.0 : Environment.WorkingSet / (1024.0 * 1024.0);

    /// <summary>Current resident set size (VmRSS) in MiB.</summary>
    public static double CurrentRssMb() => ReadStatusKb("VmRSS:") is { } kb ? kb / 1024.0 : Environment.WorkingSet / (1024.0 * 1024.0);

    /// <summary>
    /// Resets the peak (VmHWM) to the current RSS where the kernel allows it (writing 5 to /proc/self/clear_refs), so
    /// one phase's peak can be measured after another's. Returns false when not supported.
    /// </summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    private static long? ReadStatusKb(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var digits = new string(line.AsSpan(key.Length).Trim().ToString().TakeWhile(char.IsDigit).ToArray());
                    return long.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var kb) ? kb : null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }
}
