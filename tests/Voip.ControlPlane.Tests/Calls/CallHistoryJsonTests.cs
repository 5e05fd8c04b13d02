using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Calls;

/// <summary>
/// The history fast path (<see cref="ICallHistoryJsonSource"/> + <see cref="CallHistoryJson"/>) must answer
/// byte for byte what serializing <see cref="CallHistoryResponse"/> with the app's JSON options answered.
/// </summary>
public class CallHistoryJsonTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => app = await TestApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await app.DisposeAsync();

    [Test]
    public async Task FastPath_IsByteForByteTheSerializedResponse()
    {
        Assert.That(app.Services.GetService<ICallHistoryJsonSource>(), Is.Not.Null, "the SQLite store offers the fast path");
        // Names that need escaping (non-ASCII, HTML-sensitive, quotes, backslash), an avatar and none.
        var me = await app.RegisterAsync("Jürgen 김 &\"'\\ +`");
        var peer = await app.RegisterAsync("Peer \u00e9\u00e8 \U0001F600");
        var patched = await app.SendAsync(HttpMethod.Patch, "/api/users/me", System.Net.Http.Json.JsonContent.Create(new { avatar = "https://cdn.example.com/a.png?x=1&y=%3C2%3E" }), peer.Token);
        Assert.That((int)patched.StatusCode, Is.EqualTo(200));
        for (var i = 0; i < 7; i++)
        {
            app.Time.Advance(TimeSpan.FromMilliseconds(1234));
            var (from, to) = i % 2 == 0 ? (me, peer) : (peer, me);
            var response = await app.PostAsync("/api/calls/initiate", new { targetUserId = to.UserId, callType = i % 3 == 0 ? "audio" : "video" }, from.Token);
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
        }

        // A call whose other participant no longer exists shows the "Deleted user" summary.
        var now = app.Time.GetUtcNow();
        await app.Services.GetRequiredService<ICallStore>().CreateAsync(
            new CallRecord(Guid.NewGuid().ToString(), me.UserId, "0123456789abcdef01234567", CallTypes.Video, now.AddMilliseconds(1), now.AddSeconds(9), 9, CallStatuses.Completed, [], CallQuality.Unknown),
            CancellationToken.None);

        var service = app.Services.GetRequiredService<CallService>();
        var options = app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        (string Query, int Page, int Limit, string? Type)[] cases =
        [
            ("", 1, 20, null),
            ("?page=2&limit=3", 2, 3, null),
            ("?type=audio", 1, 20, "audio"),
            ("?type=video&limit=2&page=2", 2, 2, "video"),
            ("?page=50", 50, 20, null),
        ];
        foreach (var (query, page, limit, type) in cases)
        {
            var response = await app.GetAsync("/api/calls/history" + query, me.Token);
            Assert.That((int)response.StatusCode, Is.EqualTo(200), query);
            Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("application/json; charset=utf-8"), query);
            var actual = await response.Content.ReadAsByteArrayAsync();
            var expected = JsonSerializer.SerializeToUtf8Bytes(await service.GetHistoryAsync(me.UserId, page, limit, type, CancellationToken.None), options);
            Assert.That(System.Text.Encoding.UTF8.GetString(actual), Is.EqualTo(System.Text.Encoding.UTF8.GetString(expected)), query);
        }

        var all = await TestApp.ReadJsonAsync(await app.GetAsync("/api/calls/history", me.Token));
        Assert.That(all.GetProperty("calls").GetArrayLength(), Is.EqualTo(8));
        var deleted = all.GetProperty("calls")[0].GetProperty("calleeId");
        Assert.That(deleted.GetProperty("name").GetString(), Is.EqualTo(CallService.DeletedUserName));
        Assert.That(deleted.GetProperty("avatar").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task FastPath_SeesCallsAndProfileChangesAtOnce()
    {
        var me = await app.RegisterAsync("Before");
        var peer = await app.RegisterAsync("Peer");
        Assert.That((await TestApp.ReadJsonAsync(await app.GetAsync("/api/calls/history", me.Token))).GetProperty("pagination").GetProperty("total").GetInt32(), Is.Zero);
        await app.PostAsync("/api/calls/initiate", new { targetUserId = peer.UserId, callType = "audio" }, me.Token);
        // Read it on every reader connection, so each has "Before" cached, then rename and read again.
        var tasks = Enumerable.Range(0, 8).Select(_ => app.GetAsync("/api/calls/history", me.Token)).ToArray();
        foreach (var response in await Task.WhenAll(tasks))
        {
            Assert.That((await TestApp.ReadJsonAsync(response)).GetProperty("calls")[0].GetProperty("callerId").GetProperty("name").GetString(), Is.EqualTo("Before"));
        }

        await app.SendAsync(HttpMethod.Patch, "/api/users/me", System.Net.Http.Json.JsonContent.Create(new { name = "After" }), me.Token);
        for (var i = 0; i < 8; i++)
        {
            var json = await TestApp.ReadJsonAsync(await app.GetAsync("/api/calls/history", me.Token));
            Assert.That(json.GetProperty("pagination").GetProperty("total").GetInt32(), Is.EqualTo(1));
            Assert.That(json.GetProperty("calls")[0].GetProperty("callerId").GetProperty("name").GetString(), Is.EqualTo("After"));
        }
    }

    [TestCase(0L)]
    [TestCase(1L)]
    [TestCase(1_705_314_600_123L)]
    [TestCase(-62_135_596_800_000L)]
    [TestCase(253_402_300_799_999L)]
    [TestCase(951_782_400_000L)]
    public void FormatTime_MatchesTheConverterFormat(long unixMilliseconds)
    {
        Span<byte> buffer = stackalloc byte[CallHistoryJson.TimeLength];
        CallHistoryJson.FormatTime(unixMilliseconds, buffer);
        var expected = DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime.ToString(Voip.ControlPlane.Common.UtcDateTimeOffsetConverter.Format, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(System.Text.Encoding.ASCII.GetString(buffer), Is.EqualTo(expected));
    }
}
