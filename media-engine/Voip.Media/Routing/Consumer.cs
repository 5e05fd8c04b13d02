using Voip.Media.Transport;

namespace Voip.Media.Routing;

/// <summary>
/// A producer forwarded to one subscriber's transport: its own SSRC (and RTX SSRC), the subscriber's
/// payload types and header-extension ids, continuous sequence numbers and timestamps, and — for a
/// simulcast producer — which layer it forwards. Shard thread only.
/// </summary>
public sealed partial class Consumer
{
    private readonly byte[] _payloadTypeMap = new byte[128];
    private readonly byte[] _extensionIdMap = new byte[256];
    private RtpSequencer _sequencer;
    private ushort _rtxSequence;
    private bool _keyFrameNeeded;

    internal Consumer(string id, Producer producer, WebRtcTransport transport, ConsumerPlan plan, bool paused, int preferredLayer)
    {
        Id = id;
        Producer = producer;
        Transport = transport;
        Kind = producer.Kind;
        Type = producer.Type == ProducerType.Simulcast ? ConsumerType.Simulcast : ConsumerType.Simple;
        Parameters = plan.Parameters;
        Ssrc = plan.Ssrc;
        RtxSsrc = plan.RtxSsrc;
        PayloadType = plan.PayloadType;
        RtxPayloadType = plan.RtxPayloadType;
        ClockRate = producer.MediaCodec.ClockRate;
        _payloadTypeMap[producer.MediaCodec.PayloadType] = plan.PayloadType;
        foreach (var (from, to) in plan.ExtensionIdMap)
        {
            _extensionIdMap[from] = to;
        }

        AbsSendTimeId = plan.AbsSendTimeId;
        CnameBytes = System.Text.Encoding.ASCII.GetBytes(plan.Parameters.Cname ?? "voip");
        Paused = paused;
        ProducerPaused = producer.Paused;
        PreferredLayer = Math.Clamp(preferredLayer, 0, producer.Streams.Length - 1);
        TargetLayer = Type == ConsumerType.Simulcast ? -1 : 0;
        CurrentLayer = Type == ConsumerType.Simulcast ? -1 : 0;
        _keyFrameNeeded = Kind == MediaKind.Video;
        _rtxSequence = (ushort)Random.Shared.Next(0, 0x8000);
    }

    public string Id { get; }

    public Producer Producer { get; }

    public WebRtcTransport Transport { get; }

    public MediaKind Kind { get; }

    public ConsumerType Type { get; }

    /// <summary>What the subscriber receives (one encoding with this consumer's SSRCs).</summary>
    public RtpParameters Parameters { get; }

    public uint Ssrc { get; }

    public uint RtxSsrc { get; }

    public byte PayloadType { get; }

    public byte RtxPayloadType { get; }

    public uint ClockRate { get; }

    internal byte AbsSendTimeId { get; }

    internal byte[] CnameBytes { get; }

    public bool Paused { get; private set; }

    public bool ProducerPaused { get; private set; }

    public bool IsClosed { get; private set; }

    public string? CloseReason { get; private set; }

    /// <summary>Simulcast: the highest layer the subscriber wants; the bandwidth estimate may hold it lower.</summary>
    public int PreferredLayer { get; private set; }

    /// <summary>Simulcast: the layer being switched to (on its next key frame); −1 before the first choice.</summary>
    public int TargetLayer { get; private set; }

    /// <summary>The layer being forwarded; −1 before the first key frame.</summary>
    public int CurrentLayer { get; private set; }

    private bool Active => !Paused && !ProducerPaused && !IsClosed;

    internal void SetPaused(bool paused, long nowMs)
    {
        if (Paused == paused)
        {
            return;
        }

        Paused = paused;
        if (!paused)
        {
            Restart(nowMs);
        }
    }

    internal void OnProducerPausedChanged(bool paused, long nowMs)
    {
        ProducerPaused = paused;
        Transport.Engine.Events.PublishConsumer(Id, closed: false, reason: null, producerPaused: paused, layer: null);
        if (!paused)
        {
            Restart(nowMs);
        }
    }

    internal void SetPreferredLayer(int layer, long nowMs)
    {
        PreferredLayer = Math.Clamp(layer, 0, Producer.Streams.Length - 1);
        UpdateTargetLayer(nowMs);
    }

    /// <summary>Shard thread: once; detaches from producer, transport and router.</summary>
    internal void Close(string reason)
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        CloseReason = reason;
        Producer.RemoveConsumer(this);
        Transport.RemoveConsumer(this);
        Producer.Router.RemoveConsumer(this);
        Transport.Engine.OnConsumerClosed(this);
        Transport.Engine.Events.PublishConsumer(Id, closed: true, reason, ProducerPaused, layer: null);
    }

    /// <summary>Start (or resume) cleanly: new sequence run, and for video a key frame before anything else.</summary>
    private void Restart(long nowMs)
    {
        _sequencer.Sync();
        if (Kind == MediaKind.Video)
        {
            _keyFrameNeeded = true;
            RequestKeyFrame(nowMs);
        }
    }
}
