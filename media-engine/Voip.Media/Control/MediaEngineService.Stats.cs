using Grpc.Core;
using Voip.Media.Control.V1;
using V1 = Voip.Media.Control.V1;

namespace Voip.Media.Control;

/// <summary>Producer and consumer statistics, read on the owning shard so they are consistent.</summary>
public sealed partial class MediaEngineService
{
    public override async Task<ProducerStats> GetProducerStats(ProducerIdRequest request, ServerCallContext context)
    {
        var producer = FindProducer(request.ProducerId);
        return await engine.ReadAsync(producer.Router, () =>
        {
            long now = Environment.TickCount64;
            var stats = new ProducerStats { ProducerId = producer.Id, Kind = ToProto(producer.Kind), Paused = producer.Paused, KeyFrameRequests = (ulong)producer.KeyFrameRequests };
            foreach (var s in producer.Streams)
            {
                stats.Streams.Add(new RtpStreamStats
                {
                    Ssrc = s.Ssrc,
                    Rid = s.Rid ?? "",
                    Packets = (ulong)s.Packets,
                    Bytes = (ulong)s.Bytes,
                    PacketsLost = (ulong)Math.Max(0, s.Stats.CumulativeLost),
                    FractionLost = s.FractionLostLast,
                    JitterMs = s.ClockRate == 0 ? 0 : s.Stats.Jitter * 1000.0 / s.ClockRate,
                    NackCount = (ulong)s.NacksSent,
                    PliCount = (ulong)s.KeyFrameRequestsSent,
                    RetransmittedPackets = (ulong)s.RetransmittedPacketsReceived,
                    BitrateBps = (ulong)s.Bitrate.GetBitsPerSecond(now),
                    Score = Score(s.FractionLostLast),
                });
            }

            return stats;
        }).ConfigureAwait(false);
    }

    public override async Task<ConsumerStats> GetConsumerStats(ConsumerIdRequest request, ServerCallContext context)
    {
        var c = FindConsumer(request.ConsumerId);
        return await engine.ReadAsync(c.Producer.Router, () => new ConsumerStats
        {
            ConsumerId = c.Id,
            Kind = ToProto(c.Kind),
            Paused = c.Paused,
            ProducerPaused = c.ProducerPaused,
            Ssrc = c.Ssrc,
            Packets = (ulong)c.PacketsSent,
            Bytes = (ulong)c.BytesSent,
            PacketsLost = (ulong)Math.Max(0, c.PacketsLost),
            FractionLost = c.FractionLost,
            JitterMs = c.JitterMs,
            RoundTripMs = c.RoundTripMs,
            NackCount = (ulong)c.NacksReceived,
            PliCount = (ulong)c.KeyFrameRequestsReceived,
            RetransmittedPackets = (ulong)c.RetransmittedPackets,
            BitrateBps = (ulong)c.SendBitrate.GetBitsPerSecond(Environment.TickCount64),
            CurrentSpatialLayer = c.CurrentLayer,
            TargetSpatialLayer = c.TargetLayer,
            AvailableBitrateBps = (ulong)Math.Max(0, c.Transport.AvailableOutgoingBitrate),
            Score = Score(c.FractionLost),
            RetransmissionsSuppressed = (ulong)c.RetransmissionsSuppressed,
        }).ConfigureAwait(false);
    }

    /// <summary>0..10 from loss (mediasoup-style): 10 without loss, falling steeply as loss grows.</summary>
    private static uint Score(double fractionLost) => (uint)Math.Clamp(Math.Round(10 - (fractionLost * 50)), 0, 10);
}
