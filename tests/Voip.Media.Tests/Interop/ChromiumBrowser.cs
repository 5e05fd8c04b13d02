using Microsoft.Playwright;

namespace Voip.Media.Tests.Interop;

/// <summary>
/// Headless Debian Chromium driven by Playwright (no browser download: /usr/bin/chromium), with fake
/// camera and microphone, and loopback ICE candidates allowed (see TESTING.md for why each flag).
/// Pages are served from a routed http://localhost origin so they are a secure context.
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    public const string Origin = "http://localhost:9";
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly string _profileDir;

    private ChromiumBrowser(IPlaywright playwright, IBrowserContext context, string profileDir)
    {
        _playwright = playwright;
        _context = context;
        _profileDir = profileDir;
    }

    public static async Task<ChromiumBrowser> LaunchAsync(string? pageHtml = null)
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Ignore($"{ChromiumPath} is missing: install it with `apt-get install -y chromium` (make test does it)");
        }

        string dir = Directory.CreateTempSubdirectory("voip-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        var context = await playwright.Chromium.LaunchPersistentContextAsync(dir, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--allow-loopback-in-peer-connection",
            ],
            Env = new Dictionary<string, string> { ["HOME"] = dir, ["XDG_CONFIG_HOME"] = dir, ["XDG_CACHE_HOME"] = dir },
        });
        await context.RouteAsync(Origin + "/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = pageHtml ?? WebRtcPage.Html,
        }));
        return new ChromiumBrowser(playwright, context, dir);
    }

    public async Task<IPage> NewPageAsync()
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync(Origin + "/webrtc.html");
        return page;
    }

    /// <summary>SIGKILLs this browser's processes (found by its own profile directory): a peer that vanishes without a goodbye.</summary>
    public int Kill()
    {
        int killed = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }

            try
            {
                string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (cmdline.Contains(_profileDir, StringComparison.Ordinal))
                {
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
                    killed++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // the process ended meanwhile
            }
        }

        return killed;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _context.CloseAsync();
        }
        catch (PlaywrightException)
        {
            // the browser was killed on purpose
        }

        _playwright.Dispose();
        try
        {
            Directory.Delete(_profileDir, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be flushing its profile; the temp dir is cleaned by the OS later.
        }
    }
}
