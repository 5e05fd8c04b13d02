using Voip.Media.Rtcp;

namespace Voip.Media.Routing;

/// <summary>
/// One incoming RTP stream of a producer (one encoding, plus its RTX stream when negotiated): what it
/// received, its loss repair state and its key-frame requests. Shard thread only.
/// </summary>
public sealed class ProducerStream
{
    internal ProducerStream(Producer producer, int index, RtpEncoding encoding, RtpCodec mediaCodec, bool video, bool nack)
    {
        Producer = producer;
        Index = index;
        Ssrc = encoding.Ssrc;
        Rid = encoding.Rid;
        RidBytes = encoding.Rid is null ? [] : System.Text.Encoding.ASCII.GetBytes(encoding.Rid);
        RtxSsrc = encoding.RtxSsrc;
        ClockRate = mediaCodec.ClockRate;
        Stats = new ReceptionStatistics((int)mediaCodec.ClockRate);
        IsVideo = video;
        if (video)
        {
            // 512 slots hold about two seconds of 2.5 Mbit/s video in 1200-byte packets.
            Buffer = new RetransmissionBuffer(capacity: 512);
        }

        if (nack)
        {
            Nack = new NackGenerator();
        }
    }

    /// <summary>Decrypted packets kept to answer subscribers' NACKs (video only).</summary>
    internal RetransmissionBuffer? Buffer { get; }

    /// <summary>Loss detection toward the publisher (when it negotiated NACK).</summary>
    internal NackGenerator? Nack { get; }

    internal bool IsVideo { get; }

    public Producer Producer { get; }

    /// <summary>Spatial layer for simulcast (0 = lowest); 0 for a simple producer.</summary>
    public int Index { get; }

    /// <summary>0 until learnt from the RID header extension (simulcast without a=ssrc).</summary>
    public uint Ssrc { get; internal set; }

    public string? Rid { get; }

    internal byte[] RidBytes { get; }

    public uint RtxSsrc { get; internal set; }

    public uint ClockRate { get; }

    internal ReceptionStatistics Stats;

    internal KeyFrameRequestThrottle KeyFrameThrottle { get; } = new();

    internal BitrateMeter Bitrate { get; } = new();


    public long Packets;
    public long Bytes;
    public long RetransmittedPacketsReceived;
    public long NacksSent;
    public long NackedPackets;
    public long KeyFrameRequestsSent;
    public long LastPacketMs = long.MinValue;
    public long KeyFrames;
    internal long LastReceiverReportMs;

    /// <summary>The publisher's last Sender Report for this stream: its RTP timestamp and when (our clock) it arrived.</summary>
    internal uint SenderReportRtp;
    internal long SenderReportAtMs = long.MinValue;
    internal double FractionLostLast;

    /// <summary>Has sent media within the last two seconds (a simulcast layer the encoder turned off is not).</summary>
    public bool IsActive(long nowMs) => LastPacketMs != long.MinValue && nowMs - LastPacketMs < 2000;
}
