using System.Text;

namespace Voip.Sdp;

/// <summary><c>a=msid:stream track</c> (RFC 8830 §2); Chromium writes <c>-</c> for "no stream".</summary>
public sealed record MsidAttribute(string StreamId, string? TrackId) : SdpAttribute
{
    public override string Name => "msid";

    public override void AppendValue(StringBuilder builder)
    {
        builder.Append(StreamId);
        if (TrackId is not null)
        {
            builder.Append(' ').Append(TrackId);
        }
    }
}
