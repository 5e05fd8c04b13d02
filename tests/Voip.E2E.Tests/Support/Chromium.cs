using Microsoft.Playwright;

namespace Voip.E2E.Tests.Support;

/// <summary>
/// Headless Debian Chromium through Playwright (no browser download), with a fake camera and microphone and
/// loopback ICE candidates allowed (TESTING.md explains each flag). Each user gets an isolated browser context
/// (own storage, so own session); pages load from the real server over http://127.0.0.1, a secure context.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    private readonly string home;

    private Chromium(IPlaywright playwright, IBrowser browser, string home)
    {
        this.playwright = playwright;
        Browser = browser;
        this.home = home;
    }

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Ignore($"{ExecutablePath} is missing: install it with `apt-get install -y chromium` (make test does it)");
        }

        var home = Directory.CreateTempSubdirectory("voip-e2e-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--allow-loopback-in-peer-connection",
                // Background tabs must keep decoding and running timers: both users' pages are "visible" at once.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
                "--autoplay-policy=no-user-gesture-required",
            ],
            Env = new Dictionary<string, string> { ["HOME"] = home, ["XDG_CONFIG_HOME"] = home, ["XDG_CACHE_HOME"] = home },
        });
        return new Chromium(playwright, browser, home);
    }

    /// <summary>A fresh, isolated user (own cookies and localStorage) with camera and microphone granted.</summary>
    public async Task<IPage> NewUserPageAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 720 },
            Permissions = ["camera", "microphone"],
            ColorScheme = ColorScheme.Light,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning")
            {
                TestContext.Out.WriteLine($"[browser {m.Type}] {m.Text}");
            }
        };
        page.PageError += (_, e) => TestContext.Out.WriteLine($"[page error] {e}");
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright.Dispose();
        try
        {
            Directory.Delete(home, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be flushing; the OS cleans temp later.
        }
    }
}
