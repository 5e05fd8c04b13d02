namespace Voip.Media.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1).</summary>
public enum RtcpPacketType : byte
{
    SenderReport = 200,
    ReceiverReport = 201,
    SourceDescription = 202,
    Goodbye = 203,
    ApplicationDefined = 204,

    /// <summary>Transport-layer feedback (RTPFB): NACK, TWCC.</summary>
    TransportFeedback = 205,

    /// <summary>Payload-specific feedback (PSFB): PLI, FIR, REMB.</summary>
    PayloadSpecificFeedback = 206,
}
