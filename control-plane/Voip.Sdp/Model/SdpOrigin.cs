namespace Voip.Sdp;

/// <summary>The <c>o=</c> line (RFC 8866 §5.2).</summary>
public sealed record SdpOrigin(
    string Username,
    ulong SessionId,
    ulong SessionVersion,
    string NetworkType,
    string AddressType,
    string Address)
{
    /// <summary>The origin Chromium writes: <c>o=- id version IN IP4 127.0.0.1</c>.</summary>
    public static SdpOrigin Create(ulong sessionId, ulong version) => new("-", sessionId, version, "IN", "IP4", "127.0.0.1");
}
