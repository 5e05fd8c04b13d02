using System.Globalization;
using System.Runtime.InteropServices;

namespace Voip.LoadGen;

/// <summary>CPU time of a process (all threads, user + system) from /proc/&lt;pid&gt;/stat (proc(5): utime, stime).</summary>
internal static partial class ProcessCpu
{
    private const int ScClkTck = 2;

    private static readonly double MicrosecondsPerTick = 1_000_000.0 / Math.Max(1, SysConf(ScClkTck));

    /// <summary>utime + stime of <paramref name="pid"/> in microseconds (resolution: one clock tick, usually 10 ms).</summary>
    public static double Microseconds(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) * MicrosecondsPerTick;
    }

    /// <summary>The 1-minute load average (shared machine: context for every number).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
