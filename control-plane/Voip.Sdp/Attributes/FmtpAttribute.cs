using System.Text;

namespace Voip.Sdp;

/// <summary><c>a=fmtp:111 minptime=10;useinbandfec=1</c> (RFC 8866 §6.15), parameters in their order.</summary>
public sealed record FmtpAttribute(int PayloadType, ValueList<SdpParameter> Parameters) : SdpAttribute
{
    public override string Name => "fmtp";

    public override void AppendValue(StringBuilder builder)
    {
        builder.Append(PayloadType).Append(' ');
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(';');
            }
            builder.Append(Parameters[i].ToString());
        }
    }
}
