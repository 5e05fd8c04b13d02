namespace Voip.Media.Transport;

/// <summary>
/// Per-transport counters. Written only by the owning shard thread with plain increments (64-bit
/// writes are atomic on the platforms we ship), read by the control path for stats.
/// </summary>
public sealed class TransportCounters
{
    public long RtpPacketsReceived;
    public long RtpBytesReceived;
    public long RtpPacketsSent;
    public long RtpBytesSent;
    public long RtcpPacketsReceived;
    public long RtcpPacketsSent;
    public long StunRequestsAnswered;
    public long StunRequestsDropped;
    public long DtlsDatagramsReceived;
    public long DtlsDatagramsDropped;
    public long SrtpUnprotectFailures;
    public long SrtpProtectFailures;

    /// <summary>SRTP/SRTCP that arrived before the DTLS handshake installed keys.</summary>
    public long MediaBeforeKeys;

    /// <summary>RTP/RTCP that decrypted but could not be parsed or routed.</summary>
    public long MalformedMedia;

    /// <summary>RTP whose SSRC belongs to no producer on this transport (and named no known RID).</summary>
    public long RtpUnknownSsrc;

    public long NackReceived;
    public long PliReceived;
    public long RetransmittedPackets;

    public long DroppedPackets =>
        StunRequestsDropped + DtlsDatagramsDropped + SrtpUnprotectFailures + MediaBeforeKeys + MalformedMedia + RtpUnknownSsrc;
}
