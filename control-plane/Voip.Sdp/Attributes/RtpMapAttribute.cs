using System.Text;

namespace Voip.Sdp;

/// <summary><c>a=rtpmap:111 opus/48000/2</c> (RFC 8866 §6.6).</summary>
public sealed record RtpMapAttribute(int PayloadType, string EncodingName, uint ClockRate, int? Channels) : SdpAttribute
{
    public override string Name => "rtpmap";

    public override void AppendValue(StringBuilder builder)
    {
        builder.Append(PayloadType).Append(' ').Append(EncodingName).Append('/').Append(ClockRate);
        if (Channels is { } channels)
        {
            builder.Append('/').Append(channels);
        }
    }
}
