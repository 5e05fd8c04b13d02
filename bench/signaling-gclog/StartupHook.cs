using Voip.Bench.GcLog;

/// <summary>
/// Entry point the runtime calls for <c>DOTNET_STARTUP_HOOKS</c> (it must be a top-level internal class named
/// StartupHook with a static Initialize). Starts the GC log and the allocation log the environment asks for.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("GCLOG") is { Length: > 0 } gcLog)
        {
            GcLogger.Start(gcLog);
        }

        if (Environment.GetEnvironmentVariable("ALLOCLOG") is { Length: > 0 } allocLog)
        {
            AllocationLogger.Start(allocLog);
        }
    }
}
