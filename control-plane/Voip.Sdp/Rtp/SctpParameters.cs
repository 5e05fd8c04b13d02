namespace Voip.Sdp;

/// <summary>SCTP-over-DTLS parameters for data channels (RFC 8841).</summary>
public sealed record SctpParameters(int Port = 5000, ulong MaxMessageSize = 262144);
