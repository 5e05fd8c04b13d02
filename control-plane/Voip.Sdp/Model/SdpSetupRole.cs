namespace Voip.Sdp;

/// <summary>The <c>a=setup</c> value (RFC 4145 §4, RFC 8842 §5).</summary>
public enum SdpSetupRole
{
    ActPass,
    Active,
    Passive,
    HoldConn,
}
