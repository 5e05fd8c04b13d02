namespace Voip.Sdp;

/// <summary>A <c>b=</c> line (RFC 8866 §5.8), e.g. <c>AS:500</c> or <c>TIAS:128000</c>.</summary>
public sealed record SdpBandwidth(string Type, ulong Value);
