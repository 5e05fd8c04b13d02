namespace Voip.Sdp;

/// <summary>Direction of an <c>a=rid</c> line and of an <c>a=simulcast</c> stream list (RFC 8851, RFC 8853).</summary>
public enum RidDirection
{
    Send,
    Recv,
}
