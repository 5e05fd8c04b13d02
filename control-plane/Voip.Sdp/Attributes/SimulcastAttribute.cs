using System.Text;

namespace Voip.Sdp;

/// <summary>
/// <c>a=simulcast:send q;h;f recv a,b;~c</c> (RFC 8853 §5.1): streams separated by <c>;</c>, alternatives by
/// <c>,</c>. An empty list means that direction is absent; <see cref="RecvFirst"/> keeps the written order.
/// </summary>
public sealed record SimulcastAttribute(ValueList<SimulcastStream> Send, ValueList<SimulcastStream> Recv, bool RecvFirst = false) : SdpAttribute
{
    public override string Name => "simulcast";

    public override void AppendValue(StringBuilder builder)
    {
        if (RecvFirst)
        {
            AppendList(builder, "recv", Recv);
            AppendList(builder, "send", Send);
        }
        else
        {
            AppendList(builder, "send", Send);
            AppendList(builder, "recv", Recv);
        }
    }

    private static void AppendList(StringBuilder builder, string direction, ValueList<SimulcastStream> streams)
    {
        if (streams.Count == 0)
        {
            return;
        }
        if (builder[^1] != ':')
        {
            builder.Append(' ');
        }
        builder.Append(direction).Append(' ').AppendJoin(';', streams);
    }
}
