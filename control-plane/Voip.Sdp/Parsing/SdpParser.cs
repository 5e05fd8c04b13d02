using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Voip.Sdp;

/// <summary>
/// Parses SDP (RFC 8866) as WebRTC uses it. Strict where a mistake would mislead the SFU (structure, numbers,
/// duplicate single-valued attributes, size caps in <see cref="SdpLimits"/>), tolerant of what does not
/// matter (unknown attributes are kept verbatim). Accepts CRLF and LF line endings. Any malformed input
/// gives an <see cref="SdpParseException"/> naming the line and the reason — never another exception.
/// </summary>
public sealed partial class SdpParser
{
    private readonly SessionDescription _session = new();
    private readonly HashSet<string> _sectionSingles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _midLines = new(StringComparer.Ordinal);
    private readonly List<(GroupAttribute Group, int Line)> _groups = [];
    private MediaDescription? _media;
    private SectionCounts _counts;
    private int _line;

    private SdpParser()
    {
    }

    public static SessionDescription Parse(string sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        var parser = new SdpParser();
        parser.ParseAll(sdp);
        return parser._session;
    }

    public static bool TryParse(string sdp, [NotNullWhen(true)] out SessionDescription? description, [NotNullWhen(false)] out SdpParseError? error)
    {
        try
        {
            description = Parse(sdp);
            error = null;
            return true;
        }
        catch (SdpParseException e)
        {
            description = null;
            error = e.Error;
            return false;
        }
    }

    private void ParseAll(string sdp)
    {
        if (sdp.Length > SdpLimits.MaxSdpLength)
        {
            throw Fail(0, $"the SDP is {sdp.Length} characters long, more than the {SdpLimits.MaxSdpLength} allowed");
        }
        if (sdp.Length == 0)
        {
            throw Fail(0, "the SDP is empty (missing v= line)");
        }
        var rest = sdp.AsSpan();
        var sawTiming = false;
        while (!rest.IsEmpty)
        {
            _line++;
            var newline = rest.IndexOf('\n');
            var line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? default : rest[(newline + 1)..];
            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }
            if (line.Length > SdpLimits.MaxLineLength)
            {
                throw Fail($"line is {line.Length} characters long, more than the {SdpLimits.MaxLineLength} allowed");
            }
            if (line.IsEmpty)
            {
                // A trailing blank line is harmless; one in the middle means a broken description.
                if (rest.TrimStart("\r\n").IsEmpty)
                {
                    break;
                }
                throw Fail("empty line");
            }
            if (line.IndexOfAny('\r', '\0') >= 0)
            {
                throw Fail(line.Contains('\r') ? "stray CR inside a line (line endings must be CRLF or LF)" : "NUL character");
            }
            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                throw Fail($"expected '<letter>=<value>', got '{Shorten(line)}'");
            }
            var type = line[0];
            var value = line[2..];
            switch (_line)
            {
                case 1 when type != 'v':
                    throw Fail($"missing v= line: the SDP must start with v=0, not '{type}='");
                case 2 when type != 'o':
                    throw Fail($"missing o= line: the second line must be o=, not '{type}='");
                case 3 when type != 's':
                    throw Fail($"missing s= line: the third line must be s=, not '{type}='");
            }
            if (_media is null)
            {
                sawTiming |= type == 't';
                ParseSessionLine(type, value);
            }
            else
            {
                ParseMediaLine(type, value);
            }
        }
        if (_line < 3)
        {
            throw Fail(_line < 2 ? "missing o= line" : "missing s= line");
        }
        if (!sawTiming)
        {
            throw Fail(0, "missing t= line (RFC 8866 §5.9 requires one)");
        }
        if (_session.Media.Count == 0)
        {
            throw Fail(0, "no m= section");
        }
        foreach (var (group, line) in _groups)
        {
            foreach (var mid in group.Mids)
            {
                if (!_midLines.ContainsKey(mid))
                {
                    throw Fail(line, $"a=group:{group.Semantics} names mid '{mid}' that no m= section has");
                }
            }
        }
    }

    private void ParseSessionLine(char type, ReadOnlySpan<char> value)
    {
        var s = _session;
        switch (type)
        {
            case 'v':
                if (_line != 1)
                {
                    throw Fail("duplicate v= line");
                }
                if (value is not "0")
                {
                    throw Fail($"unsupported SDP version '{Shorten(value)}' (only v=0 exists)");
                }
                break;
            case 'o':
                if (_line != 2)
                {
                    throw Fail("duplicate o= line");
                }
                s.Origin = ParseOrigin(value);
                break;
            case 's':
                if (_line != 3)
                {
                    throw Fail("duplicate s= line");
                }
                s.SessionName = value.ToString();
                break;
            case 'i':
                s.Information = Once(s.Information, value, "i=");
                break;
            case 'u':
                s.Uri = Once(s.Uri, value, "u=");
                break;
            case 'e':
                s.Emails.Add(value.ToString());
                break;
            case 'p':
                s.Phones.Add(value.ToString());
                break;
            case 'c':
                if (s.Connection is not null)
                {
                    throw Fail("duplicate c= line at session level");
                }
                s.Connection = ParseConnection(value);
                break;
            case 'b':
                s.Bandwidths.Add(ParseBandwidth(value));
                break;
            case 't':
                s.Timings.Add(ParseTiming(value));
                break;
            case 'r':
                if (s.Timings.Count == 0)
                {
                    throw Fail("r= line without a preceding t= line");
                }
                var last = s.Timings[^1];
                s.Timings[^1] = last with { Repeats = new ValueList<string>([.. last.Repeats, value.ToString()]) };
                break;
            case 'z':
                s.TimeZones = Once(s.TimeZones, value, "z=");
                break;
            case 'k':
                s.EncryptionKey = Once(s.EncryptionKey, value, "k=");
                break;
            case 'a':
                s.Attributes.Add(ParseAttribute(value, session: true));
                break;
            case 'm':
                StartMedia(value);
                break;
            default:
                throw Fail($"unknown line type '{type}=' (RFC 8866 §5 requires rejecting it)");
        }
    }

    private void ParseMediaLine(char type, ReadOnlySpan<char> value)
    {
        var m = _media!;
        switch (type)
        {
            case 'i':
                m.Information = Once(m.Information, value, "i=");
                break;
            case 'c':
                if (m.Connection is not null)
                {
                    throw Fail("duplicate c= line in a media section");
                }
                m.Connection = ParseConnection(value);
                break;
            case 'b':
                m.Bandwidths.Add(ParseBandwidth(value));
                break;
            case 'k':
                m.EncryptionKey = Once(m.EncryptionKey, value, "k=");
                break;
            case 'a':
                m.Attributes.Add(ParseAttribute(value, session: false));
                break;
            case 'm':
                StartMedia(value);
                break;
            case 'v' or 'o' or 's' or 'u' or 'e' or 'p' or 't' or 'r' or 'z':
                throw Fail($"{type}= line is not allowed in a media section (it must come before the first m= line)");
            default:
                throw Fail($"unknown line type '{type}=' (RFC 8866 §5 requires rejecting it)");
        }
    }

    // m=<media> <port>[/<number of ports>] <proto> <fmt> ...   (RFC 8866 §5.14)
    private void StartMedia(ReadOnlySpan<char> value)
    {
        if (_session.Media.Count == SdpLimits.MaxMediaSections)
        {
            throw Fail($"more than {SdpLimits.MaxMediaSections} m= sections");
        }
        var t = new SpanTokenizer(value);
        var kind = Token(ref t, "m= line", "media type");
        var portField = Token(ref t, "m= line", "port");
        var protocol = Token(ref t, "m= line", "protocol");
        int? portCount = null;
        var slash = portField.IndexOf('/');
        if (slash >= 0)
        {
            portCount = Number(portField[(slash + 1)..], 1, 65535, "m= line port count");
            portField = portField[..slash];
        }
        var port = Number(portField, 0, 65535, "m= line port");
        var media = new MediaDescription(kind.ToString(), port, protocol.ToString(), []) { PortCount = portCount };
        var rtp = media.IsRtp;
        Span<bool> seen = stackalloc bool[128];
        while (t.Next(out var fmt))
        {
            if (fmt.IsEmpty)
            {
                throw Fail("m= line has an empty format (two spaces in a row)");
            }
            if (media.Formats.Count == SdpLimits.MaxCodecsPerSection)
            {
                throw Fail($"m= line lists more than {SdpLimits.MaxCodecsPerSection} formats");
            }
            if (rtp)
            {
                var pt = Number(fmt, 0, 127, "m= line payload type");
                if (seen[pt])
                {
                    throw Fail($"m= line lists payload type {pt} twice");
                }
                seen[pt] = true;
            }
            media.Formats.Add(fmt.ToString());
        }
        if (media.Formats.Count == 0)
        {
            throw Fail("m= line has no formats");
        }
        _session.Media.Add(media);
        _media = media;
        _sectionSingles.Clear();
        _counts = default;
    }

    // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>   (RFC 8866 §5.2)
    private SdpOrigin ParseOrigin(ReadOnlySpan<char> value)
    {
        var t = new SpanTokenizer(value);
        var user = Token(ref t, "o= line", "username");
        var id = Token(ref t, "o= line", "session id");
        var version = Token(ref t, "o= line", "session version");
        var net = Token(ref t, "o= line", "network type");
        var addrType = Token(ref t, "o= line", "address type");
        var address = Token(ref t, "o= line", "address");
        ExpectEnd(t, "o= line");
        return new SdpOrigin(user.ToString(), ULong(id, "o= line session id"), ULong(version, "o= line session version"),
            net.ToString(), addrType.ToString(), address.ToString());
    }

    // c=<nettype> <addrtype> <connection-address>   (RFC 8866 §5.7)
    private SdpConnection ParseConnection(ReadOnlySpan<char> value)
    {
        var t = new SpanTokenizer(value);
        var net = Token(ref t, "c= line", "network type");
        var addrType = Token(ref t, "c= line", "address type");
        var address = Token(ref t, "c= line", "address");
        ExpectEnd(t, "c= line");
        return new SdpConnection(net.ToString(), addrType.ToString(), address.ToString());
    }

    // b=<bwtype>:<bandwidth>   (RFC 8866 §5.8)
    private SdpBandwidth ParseBandwidth(ReadOnlySpan<char> value)
    {
        var colon = value.IndexOf(':');
        if (colon <= 0)
        {
            throw Fail($"b= line '{Shorten(value)}' is not '<type>:<value>'");
        }
        return new SdpBandwidth(value[..colon].ToString(), ULong(value[(colon + 1)..], "b= line bandwidth"));
    }

    // t=<start-time> <stop-time>   (RFC 8866 §5.9)
    private SdpTiming ParseTiming(ReadOnlySpan<char> value)
    {
        var t = new SpanTokenizer(value);
        var start = ULong(Token(ref t, "t= line", "start time"), "t= line start time");
        var stop = ULong(Token(ref t, "t= line", "stop time"), "t= line stop time");
        ExpectEnd(t, "t= line");
        return new SdpTiming(start, stop, ValueList<string>.Empty);
    }

    private string Once(string? existing, ReadOnlySpan<char> value, string what) =>
        existing is null ? value.ToString() : throw Fail($"duplicate {what} line");

    private ReadOnlySpan<char> Token(ref SpanTokenizer t, string where, string what)
    {
        if (!t.Next(out var token))
        {
            throw Fail($"{where} is missing its {what}");
        }
        if (token.IsEmpty)
        {
            throw Fail($"{where} has an empty {what} (two spaces in a row?)");
        }
        return token;
    }

    private void ExpectEnd(SpanTokenizer t, string where)
    {
        if (!t.IsEmpty)
        {
            throw Fail($"{where} has unexpected trailing text '{Shorten(t.Rest)}'");
        }
    }

    private int Number(ReadOnlySpan<char> text, int min, int max, string what)
    {
        if (text.Length > 10 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            throw Fail($"{what} '{Shorten(text)}' is not a number in {min}..{max}");
        }
        return n;
    }

    private uint UInt(ReadOnlySpan<char> text, string what)
    {
        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw Fail($"{what} '{Shorten(text)}' is not a number in 0..{uint.MaxValue}");
        }
        return n;
    }

    private ulong ULong(ReadOnlySpan<char> text, string what)
    {
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw Fail($"{what} '{Shorten(text)}' is not a number");
        }
        return n;
    }

    private SdpParseException Fail(string reason) => Fail(_line, reason);

    private static SdpParseException Fail(int line, string reason) => new(new SdpParseError(line, reason));

    /// <summary>Quotes at most 40 characters of the input in an error, so messages stay readable.</summary>
    private static string Shorten(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "...");

    private struct SectionCounts
    {
        public int RtpMaps;
        public int Candidates;
        public int SsrcLines;
        public int Rids;
        public int Fingerprints;
        public int RtcpFeedback;
        public int Fmtps;
    }
}
