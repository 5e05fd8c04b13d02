using System.Net;
using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Rooms;

public sealed class RoomEndpointsTests
{
    private TestApp app = null!;

    [SetUp]
    public async Task SetUp() => app = await TestApp.StartAsync(new Dictionary<string, string?> { ["MEDIA_ENGINES"] = "http://127.0.0.1:9" });

    [TearDown]
    public async Task TearDown() => await app.DisposeAsync();

    [Test]
    public async Task Create_list_and_read_a_room()
    {
        var alice = await app.RegisterAsync("Alice");
        var bob = await app.RegisterAsync("Bob");

        var created = await app.PostAsync("/api/rooms", new { name = "  Standup  " }, alice.Token);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var body = await TestApp.ReadJsonAsync(created);
        var roomId = body.GetProperty("roomId").GetString()!;
        Assert.That(Guid.TryParseExact(roomId, "D", out _), Is.True);
        Assert.That(body.GetProperty("name").GetString(), Is.EqualTo("Standup"));
        Assert.That(created.Headers.Location?.ToString(), Is.EqualTo("/api/rooms/" + roomId));

        var unnamed = await TestApp.ReadJsonAsync(await app.PostAsync("/api/rooms", new { }, bob.Token));
        Assert.That(unnamed.GetProperty("name").GetString(), Is.EqualTo("Bob's room"));

        var list = await TestApp.ReadJsonAsync(await app.GetAsync("/api/rooms", bob.Token));
        var ids = list.GetProperty("rooms").EnumerateArray().Select(r => r.GetProperty("roomId").GetString()).ToList();
        Assert.That(ids, Does.Contain(roomId).And.Contain(unnamed.GetProperty("roomId").GetString()));

        var room = await TestApp.ReadJsonAsync(await app.GetAsync("/api/rooms/" + roomId, bob.Token));
        Assert.That(room.GetProperty("name").GetString(), Is.EqualTo("Standup"));
        Assert.That(room.GetProperty("createdBy").GetString(), Is.EqualTo(alice.UserId));
        Assert.That(room.GetProperty("active").GetBoolean(), Is.False);
        Assert.That(room.GetProperty("participants").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Errors_use_the_seed_format()
    {
        var alice = await app.RegisterAsync();

        await TestApp.AssertErrorAsync(await app.GetAsync("/api/rooms"), 401, "AUTH001");
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/rooms", new { name = "x" }), 401, "AUTH001");
        await TestApp.AssertErrorAsync(await app.GetAsync("/api/rooms/" + Guid.NewGuid(), alice.Token), 404, "NOTFOUND001");
        await TestApp.AssertErrorAsync(await app.GetAsync("/api/rooms/not-a-room", alice.Token), 400, "VALIDATION001");
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/rooms", new { name = new string('x', 101) }, alice.Token), 400, "VALIDATION001");
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/rooms", new { name = 5 }, alice.Token), 400, "VALIDATION001");
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/rooms", new { name = "a", extra = true }, alice.Token), 400, "VALIDATION001");
    }
}
