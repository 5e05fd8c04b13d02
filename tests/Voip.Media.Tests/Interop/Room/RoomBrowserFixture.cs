namespace Voip.Media.Tests.Interop.Room;

/// <summary>
/// The set-up every browser room fixture shares: one shipped AOT engine and one headless Chromium serving the
/// room page, started once per fixture and stopped after its last test (the engine's log is printed then, so a
/// failure in any test of the fixture can be read against it).
/// </summary>
public abstract class RoomBrowserFixture
{
    /// <summary>The engine under test.</summary>
    protected EngineProcess Engine { get; private set; } = null!;

    /// <summary>The browser whose pages join rooms (<see cref="RoomPage.Html"/>).</summary>
    protected ChromiumBrowser Browser { get; private set; } = null!;

    /// <summary>Extra engine command-line arguments for this fixture (none by default).</summary>
    protected virtual string[] EngineArguments => [];

    [OneTimeSetUp]
    public async Task StartEngineAndBrowserAsync()
    {
        Engine = await EngineProcess.StartAsync(EngineArguments);
        Browser = await ChromiumBrowser.LaunchAsync(RoomPage.Html);
    }

    [OneTimeTearDown]
    public async Task StopEngineAndBrowserAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        if (Engine is not null)
        {
            TestContext.Out.WriteLine("--- engine log ---\n" + Engine.LogText);
            await Engine.DisposeAsync();
        }
    }
}
