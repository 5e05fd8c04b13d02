namespace Voip.Media.Dtls;

/// <summary>
/// Which side of the DTLS handshake we play. In WebRTC the SDP <c>a=setup</c> attribute decides it
/// (RFC 5763 §5: <c>active</c> = client, <c>passive</c> = server); an ICE-lite SFU is normally the server.
/// </summary>
public enum DtlsRole
{
    Server,
    Client,
}
