using System.Text.Json;

namespace Voip.Media.Tests.Interop.Room;

/// <param name="TotalAudioEnergy">Audio: the energy of what was decoded and played out (0 for silence).</param>
/// <param name="TotalSamplesReceived">Audio: samples the decoder produced.</param>
/// <param name="RetransmittedPacketsReceived">Retransmissions that arrived (over RTX when negotiated).</param>
/// <param name="RtxSsrc">The RTX stream the browser associated with this one (0 = none).</param>
public sealed record InboundStream(
    uint Ssrc, string Kind, int FramesDecoded, long PacketsReceived, long BytesReceived, int FrameWidth, long PacketsLost, long NackCount,
    double TotalAudioEnergy = 0, long TotalSamplesReceived = 0, long RetransmittedPacketsReceived = 0, uint RtxSsrc = 0);

public sealed record OutboundStream(uint Ssrc, string Kind, string Rid, long PacketsSent, long BytesSent, int FrameWidth, long NackCount, long PliCount, long RetransmittedPacketsSent);

/// <summary>A page's getStats() summary: what its subscriber received, what its publisher sent.</summary>
public sealed record RoomStats(IReadOnlyList<InboundStream> Inbound, IReadOnlyList<OutboundStream> Outbound, string SubscriberDtls, string PublisherDtls)
{
    public InboundStream? InboundBySsrc(uint ssrc) => Inbound.FirstOrDefault(s => s.Ssrc == ssrc);

    public static RoomStats From(JsonElement e) => new(
        [.. e.GetProperty("inbound").EnumerateArray().Select(s => new InboundStream(
            s.GetProperty("ssrc").GetUInt32(), s.GetProperty("kind").GetString() ?? "", s.GetProperty("framesDecoded").GetInt32(),
            s.GetProperty("packetsReceived").GetInt64(), s.GetProperty("bytesReceived").GetInt64(), s.GetProperty("frameWidth").GetInt32(),
            s.GetProperty("packetsLost").GetInt64(), s.GetProperty("nackCount").GetInt64(),
            s.GetProperty("totalAudioEnergy").GetDouble(), s.GetProperty("totalSamplesReceived").GetInt64(),
            s.GetProperty("retransmittedPacketsReceived").GetInt64(), s.GetProperty("rtxSsrc").GetUInt32()))],
        [.. e.GetProperty("outbound").EnumerateArray().Select(s => new OutboundStream(
            s.GetProperty("ssrc").GetUInt32(), s.GetProperty("kind").GetString() ?? "", s.GetProperty("rid").GetString() ?? "",
            s.GetProperty("packetsSent").GetInt64(), s.GetProperty("bytesSent").GetInt64(), s.GetProperty("frameWidth").GetInt32(),
            s.GetProperty("nackCount").GetInt64(), s.GetProperty("pliCount").GetInt64(), s.GetProperty("retransmittedPacketsSent").GetInt64()))],
        e.GetProperty("subDtls").GetString() ?? "",
        e.GetProperty("pubDtls").GetString() ?? "");
}
