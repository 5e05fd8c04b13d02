namespace Voip.E2E.Tests.Support;

/// <summary>Where the product's build outputs are, found from the test binaries (…/tests/Voip.E2E.Tests/bin/{Config}/net10.0/).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration these tests were built in; the control plane is run from the same one.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Release";

    public static string ControlPlaneDll =>
        Path.Combine(Root, "control-plane", "Voip.ControlPlane", "bin", Configuration, "net10.0", "voip-control-plane.dll");

    /// <summary>The AOT engine, as `make aot` publishes it (or $VOIP_MEDIA_BINARY, as scripts/run-tests.sh sets).</summary>
    public static string EngineBinary =>
        Environment.GetEnvironmentVariable("VOIP_MEDIA_BINARY") is { Length: > 0 } fromEnv ? fromEnv : Path.Combine(Root, "out", "voip-media");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Voip.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Voip.sln not found above " + AppContext.BaseDirectory);
    }
}
