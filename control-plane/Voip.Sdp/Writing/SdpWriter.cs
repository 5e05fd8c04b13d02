using System.Text;

namespace Voip.Sdp;

/// <summary>
/// Writes a <see cref="SessionDescription"/> with CRLF line endings, session lines in the order RFC 8866 §5
/// prescribes (v o s i u e p c b t r z k a), then each media section (m i c b k a). Attributes keep their
/// list order, so a parsed description is written back as it came.
/// </summary>
public static class SdpWriter
{
    private const string Crlf = "\r\n";

    public static string Write(SessionDescription session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var sb = new StringBuilder(1024 + (session.Media.Count * 2048));
        Write(session, sb);
        return sb.ToString();
    }

    public static void Write(SessionDescription session, StringBuilder sb)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(sb);
        sb.Append("v=").Append(session.Version).Append(Crlf);
        var o = session.Origin;
        sb.Append("o=").Append(o.Username).Append(' ').Append(o.SessionId).Append(' ').Append(o.SessionVersion).Append(' ')
            .Append(o.NetworkType).Append(' ').Append(o.AddressType).Append(' ').Append(o.Address).Append(Crlf);
        sb.Append("s=").Append(session.SessionName).Append(Crlf);
        Line(sb, 'i', session.Information);
        Line(sb, 'u', session.Uri);
        foreach (var e in session.Emails)
        {
            Line(sb, 'e', e);
        }
        foreach (var p in session.Phones)
        {
            Line(sb, 'p', p);
        }
        Connection(sb, session.Connection);
        Bandwidths(sb, session.Bandwidths);
        if (session.Timings.Count == 0)
        {
            sb.Append("t=0 0").Append(Crlf);
        }
        foreach (var t in session.Timings)
        {
            sb.Append("t=").Append(t.Start).Append(' ').Append(t.Stop).Append(Crlf);
            foreach (var r in t.Repeats)
            {
                Line(sb, 'r', r);
            }
        }
        Line(sb, 'z', session.TimeZones);
        Line(sb, 'k', session.EncryptionKey);
        Attributes(sb, session.Attributes);
        foreach (var m in session.Media)
        {
            sb.Append("m=").Append(m.Kind).Append(' ').Append(m.Port);
            if (m.PortCount is { } count)
            {
                sb.Append('/').Append(count);
            }
            sb.Append(' ').Append(m.Protocol);
            foreach (var f in m.Formats)
            {
                sb.Append(' ').Append(f);
            }
            sb.Append(Crlf);
            Line(sb, 'i', m.Information);
            Connection(sb, m.Connection);
            Bandwidths(sb, m.Bandwidths);
            Line(sb, 'k', m.EncryptionKey);
            Attributes(sb, m.Attributes);
        }
    }

    private static void Line(StringBuilder sb, char type, string? value)
    {
        if (value is not null)
        {
            sb.Append(type).Append('=').Append(value).Append(Crlf);
        }
    }

    private static void Connection(StringBuilder sb, SdpConnection? c)
    {
        if (c is not null)
        {
            sb.Append("c=").Append(c.NetworkType).Append(' ').Append(c.AddressType).Append(' ').Append(c.Address).Append(Crlf);
        }
    }

    private static void Bandwidths(StringBuilder sb, List<SdpBandwidth> bandwidths)
    {
        foreach (var b in bandwidths)
        {
            sb.Append("b=").Append(b.Type).Append(':').Append(b.Value).Append(Crlf);
        }
    }

    private static void Attributes(StringBuilder sb, List<SdpAttribute> attributes)
    {
        foreach (var a in attributes)
        {
            sb.Append("a=").Append(a.Name);
            if (a.HasValue)
            {
                a.AppendValue(sb.Append(':'));
            }
            sb.Append(Crlf);
        }
    }
}
