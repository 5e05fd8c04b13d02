namespace Voip.Sdp;

/// <summary>Media direction attributes (RFC 8866 §6.7), also used by <c>a=extmap</c> (RFC 8285).</summary>
public enum SdpDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}
