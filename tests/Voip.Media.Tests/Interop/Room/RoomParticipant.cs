using System.Text.Json;
using Microsoft.Playwright;
using Sdp = Voip.Sdp;
using V1 = Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>One participant in a room — a browser page or a werift peer pair: its publishing transport and
/// producers, its subscribing transport and consumers.</summary>
public sealed class RoomParticipant
{
    private readonly IPage? _page;
    private readonly Func<string, Task<string>> _answerSubscription;

    internal RoomParticipant(string name, IPage page, string publishTransportId, Sdp.SubscriberSdpSession subscriberSession, string subscribeTransportId)
        : this(name, page, offer => page.EvaluateAsync<string>("sdp => subscribe(sdp)", offer), publishTransportId, subscriberSession, subscribeTransportId)
    {
    }

    internal RoomParticipant(
        string name, IPage? page, Func<string, Task<string>> answerSubscription, string publishTransportId, Sdp.SubscriberSdpSession subscriberSession, string subscribeTransportId)
    {
        Name = name;
        _page = page;
        _answerSubscription = answerSubscription;
        PublishTransportId = publishTransportId;
        SubscriberSession = subscriberSession;
        SubscribeTransportId = subscribeTransportId;
    }

    public string Name { get; }

    /// <summary>The browser page; a werift participant has none.</summary>
    public IPage Page => _page ?? throw new InvalidOperationException($"{Name} is not a browser page");

    public bool IsPage => _page is not null;

    public string PublishTransportId { get; }

    public string SubscribeTransportId { get; }

    public List<V1.Producer> Producers { get; } = [];

    public List<V1.Consumer> Consumers { get; } = [];

    internal Sdp.SubscriberSdpSession SubscriberSession { get; }

    internal SemaphoreSlim Negotiation { get; } = new(1, 1);

    internal bool SubscriberConnected { get; set; }

    public V1.Producer Video => Producers.Single(p => p.Kind == V1.MediaKind.Video);

    public V1.Producer Audio => Producers.Single(p => p.Kind == V1.MediaKind.Audio);

    /// <summary>The subscriber's answer to the SFU's offer (the page's or werift's).</summary>
    internal Task<string> AnswerSubscriptionAsync(string offer) => _answerSubscription(offer);

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
