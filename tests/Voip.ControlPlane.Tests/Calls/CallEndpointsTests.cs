using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Events;
using Voip.ControlPlane.Presence;
using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Calls;

public class CallEndpointsTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => app = await TestApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await app.DisposeAsync();

    [Test]
    public async Task Initiate_CreatesRecordAndPublishesEventForCallee()
    {
        var caller = await app.RegisterAsync("Caller Carl");
        var callee = await app.RegisterAsync("Callee Cleo");
        var received = new TaskCompletionSource<BusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = app.Services.GetRequiredService<IEventBus>();
        await using var subscription = await bus.SubscribeAsync(EventTopics.User(callee.UserId), m => { received.TrySetResult(m); return Task.CompletedTask; }, CancellationToken.None);

        var response = await app.PostAsync("/api/calls/initiate", new { targetUserId = callee.UserId, callType = "video" }, caller.Token);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        var json = await TestApp.ReadJsonAsync(response);
        Assert.That(json.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "success", "callId", "message" }));
        Assert.That(json.GetProperty("success").GetBoolean(), Is.True);
        var callId = json.GetProperty("callId").GetString()!;
        Assert.That(Guid.TryParseExact(callId, "D", out _), Is.True);
        Assert.That(json.GetProperty("message").GetString(), Is.EqualTo("Call initiated successfully"));

        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(message.Type, Is.EqualTo(EventTypes.CallInitiated));
        var data = JsonDocument.Parse(message.Data).RootElement;
        Assert.That(data.GetProperty("callId").GetString(), Is.EqualTo(callId));
        Assert.That(data.GetProperty("callerId").GetString(), Is.EqualTo(caller.UserId));
        Assert.That(data.GetProperty("callerName").GetString(), Is.EqualTo("Caller Carl"));
        Assert.That(data.GetProperty("callType").GetString(), Is.EqualTo("video"));

        var detail = await TestApp.ReadJsonAsync(await app.GetAsync($"/api/calls/{callId}", callee.Token));
        Assert.Multiple(() =>
        {
            Assert.That(detail.GetProperty("callerId").GetProperty("name").GetString(), Is.EqualTo("Caller Carl"));
            Assert.That(detail.GetProperty("calleeId").GetProperty("id").GetString(), Is.EqualTo(callee.UserId));
            Assert.That(detail.GetProperty("status").GetString(), Is.EqualTo("initiated"));
            Assert.That(detail.GetProperty("startTime").GetString(), Is.EqualTo(app.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'")));
            Assert.That(detail.GetProperty("recordings").GetArrayLength(), Is.Zero);
            Assert.That(detail.GetProperty("quality").GetProperty("connectionIssues").GetInt32(), Is.Zero);
            Assert.That(detail.GetProperty("endTime").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task Initiate_Errors()
    {
        var caller = await app.RegisterAsync();
        var callee = await app.RegisterAsync();
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/calls/initiate", new { targetUserId = "0123456789abcdef01234567", callType = "audio" }, caller.Token), 404, "NOTFOUND001");
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/calls/initiate", new { targetUserId = "xyz", callType = "audio" }, caller.Token), 400, "VALIDATION001");
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/calls/initiate", new { targetUserId = callee.UserId, callType = "fax" }, caller.Token), 400, "VALIDATION001");
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/calls/initiate", new { targetUserId = caller.UserId, callType = "audio" }, caller.Token), 400, "VALIDATION001");
        await TestApp.AssertErrorAsync(await app.PostRawAsync("/api/calls/initiate", """{"targetUserId":{"$ne":""}}""", caller.Token), 400, "VALIDATION002");
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/calls/initiate", new { targetUserId = callee.UserId, callType = "audio" }), 401, "AUTH001");
    }

    [Test]
    public async Task History_PaginatesNewestFirst_FiltersByType_AndShowsBothSides()
    {
        var me = await app.RegisterAsync("Me");
        var peer = await app.RegisterAsync("Peer");
        var stranger = await app.RegisterAsync("Stranger");
        var ids = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            app.Time.Advance(TimeSpan.FromSeconds(1));
            var (from, to) = i % 2 == 0 ? (me, peer) : (peer, me);
            var json = await TestApp.ReadJsonAsync(await app.PostAsync("/api/calls/initiate", new { targetUserId = to.UserId, callType = i % 5 == 0 ? "audio" : "video" }, from.Token));
            ids.Add(json.GetProperty("callId").GetString()!);
        }

        var page2 = await TestApp.ReadJsonAsync(await app.GetAsync("/api/calls/history?page=2&limit=10", me.Token));
        var pagination = page2.GetProperty("pagination");
        Assert.That(pagination.GetProperty("page").GetInt32(), Is.EqualTo(2));
        Assert.That(pagination.GetProperty("limit").GetInt32(), Is.EqualTo(10));
        Assert.That(pagination.GetProperty("total").GetInt32(), Is.EqualTo(25));
        Assert.That(pagination.GetProperty("pages").GetInt32(), Is.EqualTo(3));
        var calls = page2.GetProperty("calls").EnumerateArray().ToArray();
        ids.Reverse();
        Assert.That(calls.Select(c => c.GetProperty("callId").GetString()), Is.EqualTo(ids.Skip(10).Take(10)));
        Assert.That(calls[0].EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "callId", "callerId", "calleeId", "callType", "startTime", "duration", "status" }));
        Assert.That(calls[0].GetProperty("callerId").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "id", "name", "avatar" }));

        var defaults = await TestApp.ReadJsonAsync(await app.GetAsync("/api/calls/history", peer.Token));
        Assert.That(defaults.GetProperty("calls").GetArrayLength(), Is.EqualTo(20));
        Assert.That(defaults.GetProperty("pagination").GetProperty("pages").GetInt32(), Is.EqualTo(2));

        var audio = await TestApp.ReadJsonAsync(await app.GetAsync("/api/calls/history?type=audio", me.Token));
        Assert.That(audio.GetProperty("pagination").GetProperty("total").GetInt32(), Is.EqualTo(5));
        Assert.That(audio.GetProperty("calls").EnumerateArray().All(c => c.GetProperty("callType").GetString() == "audio"), Is.True);

        var empty = await TestApp.ReadJsonAsync(await app.GetAsync("/api/calls/history", stranger.Token));
        Assert.That(empty.GetProperty("pagination").GetProperty("total").GetInt32(), Is.Zero);
        Assert.That(empty.GetProperty("pagination").GetProperty("pages").GetInt32(), Is.Zero);

        var beyond = await TestApp.ReadJsonAsync(await app.GetAsync("/api/calls/history?page=9", me.Token));
        Assert.That(beyond.GetProperty("calls").GetArrayLength(), Is.Zero);
    }

    [TestCase("page=0")]
    [TestCase("page=abc")]
    [TestCase("page=-1")]
    [TestCase("limit=0")]
    [TestCase("limit=101")]
    [TestCase("type=fax")]
    [TestCase("page=1&page=2")]
    public async Task History_InvalidQuery_Is400(string query)
    {
        var me = await app.RegisterAsync();
        await TestApp.AssertErrorAsync(await app.GetAsync("/api/calls/history?" + query, me.Token), 400, "VALIDATION001");
    }

    [Test]
    public async Task CallDetail_ForbiddenToOthers_404Unknown_400Malformed()
    {
        var caller = await app.RegisterAsync();
        var callee = await app.RegisterAsync();
        var stranger = await app.RegisterAsync();
        var callId = (await TestApp.ReadJsonAsync(await app.PostAsync("/api/calls/initiate", new { targetUserId = callee.UserId, callType = "audio" }, caller.Token))).GetProperty("callId").GetString();
        Assert.That((int)(await app.GetAsync($"/api/calls/{callId}", caller.Token)).StatusCode, Is.EqualTo(200));
        await TestApp.AssertErrorAsync(await app.GetAsync($"/api/calls/{callId}", stranger.Token), 403, "AUTH003");
        await TestApp.AssertErrorAsync(await app.GetAsync($"/api/calls/{Guid.NewGuid()}", caller.Token), 404, "NOTFOUND001");
        await TestApp.AssertErrorAsync(await app.GetAsync("/api/calls/not-a-uuid", caller.Token), 400, "VALIDATION001");
    }

    [Test]
    public async Task Initiate_WhenPresenceEnforced_OfflineIsCall001_OnlineSucceeds()
    {
        await using var enforced = await TestApp.StartAsync(new Dictionary<string, string?> { ["PRESENCE_ENFORCE"] = "true" });
        var caller = await enforced.RegisterAsync();
        var callee = await enforced.RegisterAsync();
        await TestApp.AssertErrorAsync(await enforced.PostAsync("/api/calls/initiate", new { targetUserId = callee.UserId, callType = "audio" }, caller.Token), 404, "CALL001");

        var presence = enforced.Services.GetRequiredService<IPresenceTracker>();
        await presence.SetOnlineAsync(callee.UserId, "socket-1", TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.That((int)(await enforced.PostAsync("/api/calls/initiate", new { targetUserId = callee.UserId, callType = "audio" }, caller.Token)).StatusCode, Is.EqualTo(200));

        await Task.Delay(1200); // heartbeat missed (presence expires by real time): offline again
        await TestApp.AssertErrorAsync(await enforced.PostAsync("/api/calls/initiate", new { targetUserId = callee.UserId, callType = "audio" }, caller.Token), 404, "CALL001");
    }

    [Test]
    public async Task Initiate_WithoutPresenceSource_DoesNotRefuse()
    {
        var caller = await app.RegisterAsync();
        var callee = await app.RegisterAsync();
        Assert.That(app.Services.GetRequiredService<IPresenceTracker>().IsAuthoritative, Is.False);
        Assert.That((int)(await app.PostAsync("/api/calls/initiate", new { targetUserId = callee.UserId, callType = "audio" }, caller.Token)).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Initiate_WhenBusFails_IsCall003AndCallMarkedFailed()
    {
        await using var app2 = await StartWithFailingBusAsync();
        var a = await app2.RegisterAsync();
        var b = await app2.RegisterAsync();
        await TestApp.AssertErrorAsync(await app2.PostAsync("/api/calls/initiate", new { targetUserId = b.UserId, callType = "audio" }, a.Token), 500, "CALL003");
        var history = await TestApp.ReadJsonAsync(await app2.GetAsync("/api/calls/history", a.Token));
        Assert.That(history.GetProperty("calls")[0].GetProperty("status").GetString(), Is.EqualTo("failed"));
    }

    private static Task<TestApp> StartWithFailingBusAsync() => TestApp.StartAsync(configure: services => services.AddSingleton<IEventBus, FailingBus>());

    private sealed class FailingBus : IEventBus
    {
        public Task PublishAsync(string topic, BusMessage message, CancellationToken cancellationToken) => throw new InvalidOperationException("bus down");

        public Task<IAsyncDisposable> SubscribeAsync(string topic, Func<BusMessage, Task> handler, CancellationToken cancellationToken) => throw new InvalidOperationException("bus down");
    }
}
