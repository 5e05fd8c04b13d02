namespace Voip.Sdp;

/// <summary>The DTLS role (RFC 5763 §5): client = <c>a=setup:active</c>, server = <c>passive</c>, auto = <c>actpass</c>.</summary>
public enum DtlsRole
{
    Auto,
    Client,
    Server,
}
