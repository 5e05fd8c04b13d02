using System.Text.Json;
using Microsoft.Playwright;
using Sdp = Voip.Sdp;
using V1 = Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>One browser page in a room: its publishing transport and producers, its subscribing transport and consumers.</summary>
public sealed class RoomParticipant
{
    internal RoomParticipant(string name, IPage page, string publishTransportId, Sdp.SubscriberSdpSession subscriberSession, string subscribeTransportId)
    {
        Name = name;
        Page = page;
        PublishTransportId = publishTransportId;
        SubscriberSession = subscriberSession;
        SubscribeTransportId = subscribeTransportId;
    }

    public string Name { get; }

    public IPage Page { get; }

    public string PublishTransportId { get; }

    public string SubscribeTransportId { get; }

    public List<V1.Producer> Producers { get; } = [];

    public List<V1.Consumer> Consumers { get; } = [];

    internal Sdp.SubscriberSdpSession SubscriberSession { get; }

    internal SemaphoreSlim Negotiation { get; } = new(1, 1);

    internal bool SubscriberConnected { get; set; }

    public V1.Producer Video => Producers.Single(p => p.Kind == V1.MediaKind.Video);

    public V1.Producer Audio => Producers.Single(p => p.Kind == V1.MediaKind.Audio);

    public async Task<RoomStats> GetStatsAsync() => RoomStats.From(await Page.EvaluateAsync<JsonElement>("() => roomStats()"));

    /// <summary>Polls the page until <paramref name="done"/> holds or the time is up; returns the last stats.</summary>
    public async Task<RoomStats> WaitAsync(Func<RoomStats, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var stats = await GetStatsAsync();
        while (!done(stats) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(300);
            stats = await GetStatsAsync();
        }

        return stats;
    }
}
