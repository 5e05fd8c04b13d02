namespace Voip.Media.Rtcp;

/// <summary>FMT values of the feedback messages the SFU handles (RFC 4585 §6.2, §6.3; RFC 5104 §4.3).</summary>
public static class RtcpFeedbackFormat
{
    /// <summary>RTPFB FMT 1: Generic NACK (RFC 4585 §6.2.1).</summary>
    public const int GenericNack = 1;

    /// <summary>RTPFB FMT 15: transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).</summary>
    public const int TransportWideCc = 15;

    /// <summary>PSFB FMT 1: Picture Loss Indication (RFC 4585 §6.3.1).</summary>
    public const int PictureLossIndication = 1;

    /// <summary>PSFB FMT 4: Full Intra Request (RFC 5104 §4.3.1).</summary>
    public const int FullIntraRequest = 4;

    /// <summary>PSFB FMT 15: application layer feedback, used by REMB (draft-alvestrand-rmcat-remb §2.2).</summary>
    public const int ApplicationLayer = 15;

    /// <summary>Header + sender SSRC + media source SSRC (RFC 4585 §6.1).</summary>
    public const int HeaderLength = 12;

    internal static RtcpParseResult Check(RtcpPacket packet, RtcpPacketType type, int format)
    {
        if (packet.PacketType != type || packet.Count != format)
        {
            return RtcpParseResult.WrongType;
        }

        return packet.Body.Length < 8 ? RtcpParseResult.TooShort : RtcpParseResult.Ok;
    }
}
