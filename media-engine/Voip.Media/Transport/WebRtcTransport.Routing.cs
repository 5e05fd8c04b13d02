using System.Buffers.Binary;
using System.Diagnostics;
using Voip.Media.Routing;
using Voip.Media.Rtp;
using Voip.Media.Srtp;

namespace Voip.Media.Transport;

public sealed partial class WebRtcTransport
{
    private static readonly long StopwatchTicksPerMicrosecond = Math.Max(1, Stopwatch.Frequency / 1_000_000);

    /// <summary>The packet path's microsecond clock (arrival times, abs-send-time stamps).</summary>
    internal static long NowMicroseconds() => Stopwatch.GetTimestamp() / StopwatchTicksPerMicrosecond;

    private readonly Dictionary<uint, IncomingStream> _incoming = [];
    private readonly Dictionary<uint, Consumer> _outgoing = [];
    private readonly List<Producer> _producers = [];
    private readonly List<Consumer> _consumers = [];
    private readonly byte[] _rtcpScratch = new byte[1200];
    private TwccFeedbackGenerator? _twcc;
    private byte _twccExtensionId;

    /// <summary>The room this transport belongs to (null for echo-only diagnostics transports).</summary>
    public Router? Router { get; internal set; }

    internal Engine.MediaEngine Engine => _engine;

    /// <summary>Our SSRC as the author of RTCP reports and feedback on this transport.</summary>
    internal uint RtcpSenderSsrc { get; } = (uint)Random.Shared.NextInt64(1, uint.MaxValue);

    /// <summary>The subscriber's estimate of what we may send it (REMB), bits/s; 0 = unknown.</summary>
    public long AvailableOutgoingBitrate => Bandwidth.EstimateBps;

    /// <summary>The latest round-trip time measured on this transport (a subscriber's report about one of our
    /// streams), ms; 0 while unknown — always on a publish-only transport, to which we send no media.</summary>
    public double RoundTripMs { get; internal set; }

    /// <summary>How the subscriber's estimate limits the simulcast layers sent on this transport.</summary>
    internal SubscriberBandwidth Bandwidth { get; } = new();

    internal IReadOnlyList<Producer> Producers => _producers;

    /// <summary>NACK path (not per packet): the media bitrate we send this subscriber, bits/s.</summary>
    internal long MediaSendBitrate(long nowMs)
    {
        long sending = 0;
        foreach (var consumer in _consumers)
        {
            sending += consumer.SendBitrate.GetBitsPerSecond(nowMs);
        }

        return sending;
    }

    /// <summary>SRTP keys are installed and the peer's address is known.</summary>
    internal bool CanSendMedia => _srtpOut is not null && _remote is not null;

    internal IReadOnlyList<Consumer> Consumers => _consumers;

    internal bool IsIncomingSsrcTaken(uint ssrc) => _incoming.ContainsKey(ssrc);

    internal bool IsOutgoingSsrcTaken(uint ssrc) => _outgoing.ContainsKey(ssrc) || _incoming.ContainsKey(ssrc);

    internal void AddProducer(Producer producer)
    {
        _producers.Add(producer);
        if (_twcc is null && producer.TransportCcExtensionId != 0)
        {
            // Transport-wide congestion control feedback (one per transport: the sequence spans every stream).
            _twcc = new TwccFeedbackGenerator();
            _twccExtensionId = producer.TransportCcExtensionId;
        }

        foreach (var stream in producer.Streams)
        {
            if (stream.Ssrc != 0)
            {
                _incoming[stream.Ssrc] = new IncomingStream(stream, false);
            }

            if (stream.RtxSsrc != 0)
            {
                _incoming[stream.RtxSsrc] = new IncomingStream(stream, true);
            }
        }
    }

    internal void RemoveProducer(Producer producer)
    {
        _producers.Remove(producer);
        foreach (var stream in producer.Streams)
        {
            _incoming.Remove(stream.Ssrc);
            _incoming.Remove(stream.RtxSsrc);
        }
    }

    internal void AddConsumer(Consumer consumer)
    {
        _consumers.Add(consumer);
        _outgoing[consumer.Ssrc] = consumer;
        if (consumer.RtxSsrc != 0)
        {
            _outgoing[consumer.RtxSsrc] = consumer;
        }
    }

    internal void RemoveConsumer(Consumer consumer)
    {
        _consumers.Remove(consumer);
        _outgoing.Remove(consumer.Ssrc);
        _outgoing.Remove(consumer.RtxSsrc);
    }

    /// <summary>Shard thread: a decrypted RTP packet for the room — find its producer stream and forward it.</summary>
    private void RouteRtp(Span<byte> packet, long nowMs)
    {
        // The header is parsed once here and handed on: transport-wide sequence, stream binding and the producer share it.
        if (!RtpHeader.TryParse(packet, out var header))
        {
            Counters.MalformedMedia++;
            return;
        }

        long nowUs = NowMicroseconds();
        if (_twcc is { } twcc)
        {
            RecordTransportWideSequence(twcc, header, nowUs);
        }

        uint ssrc = header.Ssrc;
        if (!_incoming.TryGetValue(ssrc, out var incoming) && !TryBindStream(header, ssrc, out incoming))
        {
            Counters.RtpUnknownSsrc++;
            return;
        }

        incoming.Stream.Producer.OnRtp(incoming.Stream, incoming.IsRtx, packet, header, nowMs, nowUs);
    }

    /// <summary>Every packet counts for congestion control, probes and retransmissions included.</summary>
    private void RecordTransportWideSequence(TwccFeedbackGenerator twcc, in RtpHeader header, long nowUs)
    {
        if (header.Extension
            && RtpExtensionReader.TryFind(header, _twccExtensionId, out var data)
            && TransportSequenceNumberExtension.TryRead(data, out ushort transportSeq))
        {
            twcc.OnPacket(transportSeq, nowUs);
        }
    }

    /// <summary>
    /// An SSRC we have not seen: simulcast layers (and their RTX) are announced by RID, not SSRC
    /// (RFC 8852), so bind the SSRC to the encoding its rtp-stream-id or repaired-rtp-stream-id names.
    /// </summary>
    private bool TryBindStream(in RtpHeader header, uint ssrc, out IncomingStream incoming)
    {
        incoming = default;
        if (!header.Extension)
        {
            return false;
        }

        foreach (var producer in _producers)
        {
            if (producer.RidExtensionId != 0
                && RtpExtensionReader.TryFind(header, producer.RidExtensionId, out var rid)
                && RtpStreamIdExtension.TryRead(rid, out var ridValue)
                && producer.FindStreamByRid(ridValue) is { Ssrc: 0 } stream)
            {
                stream.Ssrc = ssrc;
                incoming = new IncomingStream(stream, false);
                _incoming[ssrc] = incoming;
                return true;
            }

            if (producer.RepairedRidExtensionId != 0
                && RtpExtensionReader.TryFind(header, producer.RepairedRidExtensionId, out var repaired)
                && RtpStreamIdExtension.TryRead(repaired, out var repairedValue)
                && producer.FindStreamByRid(repairedValue) is { RtxSsrc: 0 } rtxStream)
            {
                rtxStream.RtxSsrc = ssrc;
                incoming = new IncomingStream(rtxStream, true);
                _incoming[ssrc] = incoming;
                return true;
            }
        }

        return false;
    }

    /// <summary>Shard thread: protects a plain RTP packet straight into a send slot for the peer.</summary>
    internal bool SendRtp(ReadOnlySpan<byte> packet)
    {
        var srtpOut = _srtpOut;
        if (srtpOut is null || _remote is not { } remote)
        {
            return false;
        }

        Span<byte> slot = Shard.Udp.GetSendBuffer();
        if (srtpOut.ProtectRtp(packet, slot, out int written) != SrtpResult.Ok)
        {
            Counters.SrtpProtectFailures++;
            return false;
        }

        Shard.Udp.CommitSend(written, remote.Value);
        Counters.RtpPacketsSent++;
        Counters.RtpBytesSent += packet.Length;
        return true;
    }

    /// <summary>Shard thread: protects a plain RTCP compound into a send slot for the peer.</summary>
    internal bool SendRtcp(ReadOnlySpan<byte> compound)
    {
        var srtpOut = _srtpOut;
        if (srtpOut is null || _remote is not { } remote)
        {
            return false;
        }

        Span<byte> slot = Shard.Udp.GetSendBuffer();
        if (compound.Length + SrtpContext.GetRtcpOverhead(srtpOut.Profile) > slot.Length)
        {
            return false;
        }

        compound.CopyTo(slot);
        if (srtpOut.ProtectRtcp(slot, compound.Length, out int written) != SrtpResult.Ok)
        {
            Counters.SrtpProtectFailures++;
            return false;
        }

        Shard.Udp.CommitSend(written, remote.Value);
        Counters.RtcpPacketsSent++;
        return true;
    }

    /// <summary>Shard tick: reports and pending requests of this transport's producers and consumers.</summary>
    private void OnRoutingTick(long nowMs)
    {
        if (_srtpOut is null || (_producers.Count == 0 && _consumers.Count == 0))
        {
            return;
        }

        if (_twcc is { } twcc && _producers.Count > 0)
        {
            long nowUs = NowMicroseconds();
            uint mediaSsrc = _producers[0].Streams[0].Ssrc;
            while (twcc.TryWriteFeedback(nowUs, RtcpSenderSsrc, mediaSsrc, _rtcpScratch, out int written))
            {
                SendRtcp(_rtcpScratch.AsSpan(0, written));
            }
        }

        long nowTicks = DateTime.UtcNow.Ticks;
        foreach (var producer in _producers)
        {
            producer.OnTick(nowMs, nowTicks, _rtcpScratch);
        }

        foreach (var consumer in _consumers)
        {
            consumer.OnTick(nowMs, nowTicks, _rtcpScratch);
        }
    }

    /// <summary>Closing the transport ends what it carried: its producers (and their consumers) and its consumers.</summary>
    private void CloseRouting(string reason)
    {
        foreach (var producer in _producers.ToArray())
        {
            producer.Close("transport closed: " + reason);
        }

        foreach (var consumer in _consumers.ToArray())
        {
            consumer.Close("transport closed: " + reason);
        }

        Router?.RemoveTransport(this);
    }

    private readonly record struct IncomingStream(ProducerStream Stream, bool IsRtx);
}
