using System.Text;

namespace Voip.Sdp;

/// <summary><c>a=fingerprint:sha-256 AB:CD:...</c> (RFC 8122 §5).</summary>
public sealed record FingerprintAttribute(string Algorithm, string Value) : SdpAttribute
{
    public override string Name => "fingerprint";

    public override void AppendValue(StringBuilder builder) => builder.Append(Algorithm).Append(' ').Append(Value);
}
