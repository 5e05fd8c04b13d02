namespace Voip.Sdp;

/// <summary>The <c>c=</c> line (RFC 8866 §5.7). The address keeps any <c>/ttl</c> suffix as written.</summary>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    /// <summary>The placeholder JSEP uses when no candidate is known (RFC 8829 §5.2.1).</summary>
    public static SdpConnection Placeholder { get; } = new("IN", "IP4", "0.0.0.0");
}
