using Voip.ControlPlane.Tests.Signaling;
using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Users;

/// <summary>GET /api/users/{id} shows presence fed by real socket.io-client sockets (online, lastSeen).</summary>
[Category("Interop")]
public class UserPresenceTests
{
    [OneTimeSetUp]
    public Task InstallAsync() => NodeSocketClients.EnsureInstalledAsync();

    private static async Task<System.Text.Json.JsonElement> ProfileAsync(SignalingFixture f, Session viewer, Session user) =>
        await TestApp.ReadJsonAsync(await f.App.GetAsync($"/api/users/{user.UserId}", viewer.Token));

    [Test]
    public async Task Profile_ShowsOnlineWhileASocketIsConnected_AndLastSeenAfterItCloses()
    {
        await using var f = await SignalingFixture.StartAsync();
        var viewer = await f.App.RegisterAsync();
        var bob = await f.App.RegisterAsync("Bob");

        var never = await ProfileAsync(f, viewer, bob);
        Assert.That(never.GetProperty("name").GetString(), Is.EqualTo("Bob"));
        Assert.That(never.GetProperty("online").GetBoolean(), Is.False);
        Assert.That(never.GetProperty("lastSeen").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));

        var connectedAt = f.App.Time.GetUtcNow();
        await f.Clients.ConnectOkAsync("b1", f.Url, bob.Token);
        await f.Clients.ConnectOkAsync("b2", f.Url, bob.Token);
        var online = await ProfileAsync(f, viewer, bob);
        Assert.That(online.GetProperty("online").GetBoolean(), Is.True);
        Assert.That(online.GetProperty("lastSeen").GetDateTimeOffset(), Is.EqualTo(connectedAt));

        // One of two tabs closing leaves the user online; a clock step (past the 45 s presence lifetime) does not
        // expire live sockets, since expiry runs on real time like the heartbeats.
        f.App.Time.Advance(TimeSpan.FromMinutes(5));
        await f.Clients.CloseAsync("b1");
        await WaitAsync(async () => (await ProfileAsync(f, viewer, bob)).GetProperty("lastSeen").GetDateTimeOffset() > connectedAt);
        Assert.That((await ProfileAsync(f, viewer, bob)).GetProperty("online").GetBoolean(), Is.True);

        f.App.Time.Advance(TimeSpan.FromMinutes(5));
        var leftAt = f.App.Time.GetUtcNow();
        await f.Clients.CloseAsync("b2");
        await WaitAsync(async () => !(await ProfileAsync(f, viewer, bob)).GetProperty("online").GetBoolean());
        var offline = await ProfileAsync(f, viewer, bob);
        Assert.That(offline.GetProperty("lastSeen").GetDateTimeOffset(), Is.EqualTo(leftAt));
        Assert.That(offline.GetProperty("lastSeen").GetString(), Does.EndWith("Z"));
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var within = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.That(within.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "presence did not change in time");
            await Task.Delay(25);
        }
    }
}
