namespace Voip.Sdp;

/// <summary>Spelling of enum values on the wire.</summary>
public static class SdpNames
{
    public static string ToSdp(this SdpDirection direction) => direction switch
    {
        SdpDirection.SendRecv => "sendrecv",
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        _ => "inactive",
    };

    public static bool TryParseDirection(ReadOnlySpan<char> text, out SdpDirection direction)
    {
        switch (text)
        {
            case "sendrecv": direction = SdpDirection.SendRecv; return true;
            case "sendonly": direction = SdpDirection.SendOnly; return true;
            case "recvonly": direction = SdpDirection.RecvOnly; return true;
            case "inactive": direction = SdpDirection.Inactive; return true;
            default: direction = default; return false;
        }
    }

    /// <summary>The direction seen from the other side of the session (RFC 3264 §6.1).</summary>
    public static SdpDirection Reverse(this SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => SdpDirection.RecvOnly,
        SdpDirection.RecvOnly => SdpDirection.SendOnly,
        _ => direction,
    };

    public static string ToSdp(this SdpSetupRole role) => role switch
    {
        SdpSetupRole.ActPass => "actpass",
        SdpSetupRole.Active => "active",
        SdpSetupRole.Passive => "passive",
        _ => "holdconn",
    };

    public static bool TryParseSetupRole(ReadOnlySpan<char> text, out SdpSetupRole role)
    {
        switch (text)
        {
            case "actpass": role = SdpSetupRole.ActPass; return true;
            case "active": role = SdpSetupRole.Active; return true;
            case "passive": role = SdpSetupRole.Passive; return true;
            case "holdconn": role = SdpSetupRole.HoldConn; return true;
            default: role = default; return false;
        }
    }
}
