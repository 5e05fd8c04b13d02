using Voip.Media.Rtp;
using Voip.Media.Transport;

namespace Voip.Media.Routing;

/// <summary>
/// A publisher's track arriving on a transport: its streams (one per encoding), its codecs by payload
/// type and its header-extension ids, and the consumers it feeds. Created, used and closed on the
/// router's shard thread.
/// </summary>
public sealed partial class Producer
{
    private readonly RtpCodec?[] _codecByPayloadType = new RtpCodec?[128];
    private readonly byte[] _rtxApt = new byte[128];
    private Consumer[] _consumers = [];

    internal Producer(string id, Router router, WebRtcTransport transport, MediaKind kind, RtpParameters parameters, bool paused)
    {
        Id = id;
        Router = router;
        Transport = transport;
        Kind = kind;
        Parameters = parameters;
        Paused = paused;
        foreach (var codec in parameters.Codecs)
        {
            _codecByPayloadType[codec.PayloadType] = codec;
            if (codec.IsRtx)
            {
                _rtxApt[codec.PayloadType] = (byte)codec.AssociatedPayloadType;
            }
        }

        MediaCodec = parameters.Codecs.First(c => !c.IsRtx);
        RtxPayloadType = (byte)(parameters.Codecs.FirstOrDefault(c => c.IsRtx && c.AssociatedPayloadType == MediaCodec.PayloadType)?.PayloadType ?? 0);
        MidExtensionId = parameters.GetExtensionId(RtpExtensionUri.Mid);
        RidExtensionId = parameters.GetExtensionId(RtpExtensionUri.RtpStreamId);
        RepairedRidExtensionId = parameters.GetExtensionId(RtpExtensionUri.RepairedRtpStreamId);
        AudioLevelExtensionId = parameters.GetExtensionId(RtpExtensionUri.AudioLevel);
        AbsSendTimeExtensionId = parameters.GetExtensionId(RtpExtensionUri.AbsSendTime);
        TransportCcExtensionId = parameters.GetExtensionId(RtpExtensionUri.TransportWideCc);
        bool video = kind == MediaKind.Video;
        bool nack = video && MediaCodec.HasFeedback("nack");
        Streams = [.. parameters.Encodings.Select((e, i) => new ProducerStream(this, i, e, MediaCodec, video, nack))];
        Type = Streams.Length > 1 ? ProducerType.Simulcast : ProducerType.Simple;
        KeyFrameCodec = KeyFrameDetector.ForCodec(MediaCodec.MimeType);
    }

    public string Id { get; }

    public Router Router { get; }

    public WebRtcTransport Transport { get; }

    public MediaKind Kind { get; }

    public ProducerType Type { get; }

    public RtpParameters Parameters { get; }

    /// <summary>The first non-RTX codec: what consumers are matched against.</summary>
    public RtpCodec MediaCodec { get; }

    public byte RtxPayloadType { get; }

    public bool Paused { get; private set; }

    public bool IsClosed { get; private set; }

    public ProducerStream[] Streams { get; }

    public ReadOnlySpan<Consumer> Consumers => _consumers;

    internal byte MidExtensionId { get; }

    internal byte RidExtensionId { get; }

    internal byte RepairedRidExtensionId { get; }

    internal byte AudioLevelExtensionId { get; }

    internal byte AbsSendTimeExtensionId { get; }

    internal byte TransportCcExtensionId { get; }

    internal KeyFrameCodec KeyFrameCodec { get; }

    /// <summary>Audio-level slot in the router's active-speaker detector (−1 = none).</summary>
    internal int SpeakerSlot { get; set; } = -1;

    public long KeyFrameRequests;

    internal RtpCodec? GetCodec(byte payloadType) => _codecByPayloadType[payloadType & 0x7F];

    internal byte GetRtxAssociatedPayloadType(byte rtxPayloadType) => _rtxApt[rtxPayloadType & 0x7F];

    internal void AddConsumer(Consumer consumer) => _consumers = [.. _consumers, consumer];

    internal void RemoveConsumer(Consumer consumer) => _consumers = [.. _consumers.Where(c => c != consumer)];

    internal void SetPaused(bool paused, long nowMs)
    {
        if (Paused == paused)
        {
            return;
        }

        Paused = paused;
        foreach (var consumer in _consumers)
        {
            consumer.OnProducerPausedChanged(paused, nowMs);
        }
    }

    /// <summary>Shard thread: ends the producer and, with it, every consumer of it.</summary>
    internal void Close(string reason)
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        foreach (var consumer in _consumers)
        {
            consumer.Close("producer closed: " + reason);
        }

        _consumers = [];
        Transport.RemoveProducer(this);
        Router.RemoveProducer(this, reason);
    }

    internal ProducerStream? FindStreamByRid(ReadOnlySpan<byte> rid)
    {
        foreach (var stream in Streams)
        {
            if (stream.RidBytes.AsSpan().SequenceEqual(rid))
            {
                return stream;
            }
        }

        return null;
    }
}
