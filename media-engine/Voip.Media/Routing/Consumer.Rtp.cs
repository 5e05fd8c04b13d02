using System.Buffers.Binary;
using Voip.Media.Rtp;

namespace Voip.Media.Routing;

public sealed partial class Consumer
{
    public long PacketsSent;
    public long BytesSent;
    public long KeyFrameRequestsReceived;
    public long NacksReceived;
    public long RetransmittedPackets;
    public long LayerSwitches;
    internal BitrateMeter SendBitrate { get; } = new();
    private long _lastForwardMs;

    /// <summary>
    /// Shard thread, per packet: rewrites <paramref name="packet"/>'s header in place for this subscriber
    /// (the producer restores it before the next consumer) and sends it; the encryption is the copy into
    /// the send slot. Never throws; a packet this consumer should not forward is simply skipped.
    /// </summary>
    internal void ForwardRtp(ProducerStream stream, Span<byte> packet, in ForwardContext context)
    {
        // Nothing is numbered for a subscriber that cannot receive yet (DTLS still running): a sequence
        // number spent on a packet that was never sent would look like loss to it.
        if (!Active || !Transport.CanSendMedia || !ShouldForward(stream, context.KeyFrame, context.NowMs))
        {
            return;
        }

        ushort inputSeq = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        uint inputTimestamp = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        if (!_sequencer.TryRewrite(inputSeq, inputTimestamp, context.NowMs, ClockRate, out ushort seq, out uint timestamp))
        {
            return;
        }

        RewriteHeader(packet, PayloadType, seq, timestamp, Ssrc, context);
        if (Transport.SendRtp(packet))
        {
            PacketsSent++;
            BytesSent += packet.Length;
            SendBitrate.Add(packet.Length, context.NowMs);
            _lastForwardMs = context.NowMs;
        }
    }

    private void RewriteHeader(Span<byte> packet, byte payloadType, ushort seq, uint timestamp, uint ssrc, in ForwardContext context)
    {
        packet[1] = (byte)((packet[1] & 0x80) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);
        if (context.ExtensionBodyLength > 0)
        {
            // Ids the subscriber did not negotiate become padding; the block keeps its size (RFC 8285 §4.2).
            RtpExtensionRewriter.RewriteInPlace(packet.Slice(context.ExtensionBodyOffset, context.ExtensionBodyLength), context.TwoByteExtensions, _extensionIdMap);
            if (AbsSendTimeId != 0 && context.AbsSendTimeOffset > 0)
            {
                AbsSendTimeExtension.TryWrite(packet.Slice(context.AbsSendTimeOffset, AbsSendTimeExtension.Length), context.AbsSendTime);
            }
        }
    }

    private bool ShouldForward(ProducerStream stream, bool keyFrame, long nowMs)
    {
        if (Type == ConsumerType.Simulcast)
        {
            if (stream.Index != CurrentLayer)
            {
                if (stream.Index != TargetLayer)
                {
                    return false;
                }

                if (!keyFrame)
                {
                    // Still waiting for the target layer's key frame: ask again (the stream's throttle spaces the
                    // requests), or a lost or early-answered PLI leaves the subscriber without video.
                    Producer.RequestKeyFrame(stream, nowMs);
                    return false;
                }

                // The target layer's key frame: switch here, so the subscriber's decoder can follow.
                CurrentLayer = stream.Index;
                LayerSwitches++;
                _keyFrameNeeded = false;
                _sequencer.Sync();
                Transport.Engine.Events.PublishConsumer(Id, closed: false, reason: null, ProducerPaused, layer: CurrentLayer);
                return true;
            }
        }

        if (_keyFrameNeeded)
        {
            if (!keyFrame)
            {
                RequestKeyFrame(nowMs);
                return false;
            }

            _keyFrameNeeded = false;
            _sequencer.Sync();
        }

        return true;
    }

    /// <summary>Asks the publisher for a key frame of the layer this consumer needs (throttled per stream).</summary>
    internal void RequestKeyFrame(long nowMs)
    {
        if (Kind != MediaKind.Video)
        {
            return;
        }

        int layer = TargetLayer >= 0 && TargetLayer != CurrentLayer ? TargetLayer : CurrentLayer;
        if (layer >= 0 && layer < Producer.Streams.Length)
        {
            Producer.RequestKeyFrame(Producer.Streams[layer], nowMs);
        }
    }

    /// <summary>Simulcast: choose the layer to forward from the preference, the layers that are live, and the subscriber's bandwidth.</summary>
    internal void UpdateTargetLayer(long nowMs)
    {
        if (Type != ConsumerType.Simulcast || IsClosed)
        {
            return;
        }

        var streams = Producer.Streams;
        Span<SimulcastLayerState> layers = stackalloc SimulcastLayerState[streams.Length];
        for (int i = 0; i < streams.Length; i++)
        {
            layers[i] = new SimulcastLayerState(streams[i].IsActive(nowMs), streams[i].Bitrate.GetBitsPerSecond(nowMs));
        }

        var bandwidth = Transport.Bandwidth;
        bool uncongested = bandwidth.MayExceedEstimate(nowMs);
        int held = uncongested ? Math.Max(CurrentLayer, TargetLayer) : -1;
        int target = SimulcastLayerSelector.Select(layers, PreferredLayer, bandwidth.EstimateBps, CurrentLayer, held, uncongested && bandwidth.MayStepUp(nowMs));
        if (target == TargetLayer)
        {
            return;
        }

        if (target > TargetLayer && target > CurrentLayer && CurrentLayer >= 0)
        {
            bandwidth.OnStepUp(nowMs);
        }

        TargetLayer = target;
        if (target >= 0 && target != CurrentLayer && Active)
        {
            Producer.RequestKeyFrame(streams[target], nowMs);
        }
    }
}
