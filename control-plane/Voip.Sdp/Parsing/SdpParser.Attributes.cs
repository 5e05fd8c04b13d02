namespace Voip.Sdp;

// a=<attribute>[:<value>] (RFC 8866 §5.13) and the grammars of the attributes WebRTC uses.
public sealed partial class SdpParser
{
    private const int MaxRtcpFeedbackPerSection = 16 * SdpLimits.MaxCodecsPerSection;

    private SdpAttribute ParseAttribute(ReadOnlySpan<char> text, bool session)
    {
        var colon = text.IndexOf(':');
        var name = colon < 0 ? text : text[..colon];
        ReadOnlySpan<char> value = colon < 0 ? default : text[(colon + 1)..];
        if (name.IsEmpty || !IsToken(name))
        {
            throw Fail($"attribute name '{Shorten(name)}' is not a token");
        }
        var hasValue = colon >= 0;
        switch (name)
        {
            case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                NoValue(name, hasValue);
                Single("direction", $"a={name} (a section has one direction attribute)");
                SdpNames.TryParseDirection(name, out var direction);
                return new DirectionAttribute(direction);
            case "rtcp-mux" or "rtcp-rsize" or "ice-lite" or "end-of-candidates" or "extmap-allow-mixed" or "bundle-only" or "rtcp-mux-only":
                NoValue(name, hasValue);
                Single(name.ToString(), $"a={name}");
                return GenericAttribute.Flag(name.ToString());
            case "mid":
                MediaOnly(name, session);
                Single("mid", "a=mid");
                return ParseMid(Value(name, value, hasValue));
            case "group":
                if (!session)
                {
                    throw Fail("a=group is only allowed at session level (RFC 5888 §5)");
                }
                return ParseGroup(Value(name, value, hasValue));
            case "msid":
                MediaOnly(name, session);
                return ParseMsid(Value(name, value, hasValue));
            case "msid-semantic":
                return ParseMsidSemantic(Value(name, value, hasValue));
            case "ice-ufrag":
                Single("ice-ufrag", "a=ice-ufrag");
                return new IceUfragAttribute(IceString(Value(name, value, hasValue), "a=ice-ufrag", 4));
            case "ice-pwd":
                Single("ice-pwd", "a=ice-pwd");
                return new IcePwdAttribute(IceString(Value(name, value, hasValue), "a=ice-pwd", 22));
            case "ice-options":
                Single("ice-options", "a=ice-options");
                return ParseIceOptions(Value(name, value, hasValue));
            case "fingerprint":
                if (++_counts.Fingerprints > SdpLimits.MaxFingerprints)
                {
                    throw Fail($"more than {SdpLimits.MaxFingerprints} a=fingerprint lines in one section");
                }
                return ParseFingerprint(Value(name, value, hasValue));
            case "setup":
                Single("setup", "a=setup");
                var setup = Value(name, value, hasValue);
                return SdpNames.TryParseSetupRole(setup, out var role)
                    ? new SetupAttribute(role)
                    : throw Fail($"a=setup value '{Shorten(setup)}' is not actpass, active, passive or holdconn");
            case "candidate":
                MediaOnly(name, session);
                if (++_counts.Candidates > SdpLimits.MaxCandidatesPerSection)
                {
                    throw Fail($"more than {SdpLimits.MaxCandidatesPerSection} a=candidate lines in one section");
                }
                return ParseCandidateValue(Value(name, value, hasValue));
            case "rtpmap":
                MediaOnly(name, session);
                if (++_counts.RtpMaps > SdpLimits.MaxCodecsPerSection)
                {
                    throw Fail($"more than {SdpLimits.MaxCodecsPerSection} codecs (a=rtpmap lines) in one section");
                }
                return ParseRtpMap(Value(name, value, hasValue));
            case "fmtp":
                MediaOnly(name, session);
                if (++_counts.Fmtps > SdpLimits.MaxCodecsPerSection)
                {
                    throw Fail($"more than {SdpLimits.MaxCodecsPerSection} a=fmtp lines in one section");
                }
                return ParseFmtp(Value(name, value, hasValue));
            case "rtcp-fb":
                MediaOnly(name, session);
                if (++_counts.RtcpFeedback > MaxRtcpFeedbackPerSection)
                {
                    throw Fail($"more than {MaxRtcpFeedbackPerSection} a=rtcp-fb lines in one section");
                }
                return ParseRtcpFeedback(Value(name, value, hasValue));
            case "extmap":
                return ParseExtmap(Value(name, value, hasValue));
            case "ssrc":
                MediaOnly(name, session);
                if (++_counts.SsrcLines > SdpLimits.MaxSsrcLinesPerSection)
                {
                    throw Fail($"more than {SdpLimits.MaxSsrcLinesPerSection} a=ssrc lines in one section");
                }
                return ParseSsrc(Value(name, value, hasValue));
            case "ssrc-group":
                MediaOnly(name, session);
                if (++_counts.SsrcLines > SdpLimits.MaxSsrcLinesPerSection)
                {
                    throw Fail($"more than {SdpLimits.MaxSsrcLinesPerSection} a=ssrc and a=ssrc-group lines in one section");
                }
                return ParseSsrcGroup(Value(name, value, hasValue));
            case "rid":
                MediaOnly(name, session);
                if (++_counts.Rids > SdpLimits.MaxRidsPerSection)
                {
                    throw Fail($"more than {SdpLimits.MaxRidsPerSection} a=rid lines in one section");
                }
                return ParseRid(Value(name, value, hasValue));
            case "simulcast":
                MediaOnly(name, session);
                Single("simulcast", "a=simulcast");
                return ParseSimulcast(Value(name, value, hasValue));
            case "sctp-port":
                MediaOnly(name, session);
                Single("sctp-port", "a=sctp-port");
                return new SctpPortAttribute(Number(Value(name, value, hasValue), 0, 65535, "a=sctp-port"));
            case "max-message-size":
                MediaOnly(name, session);
                Single("max-message-size", "a=max-message-size");
                return new MaxMessageSizeAttribute(ULong(Value(name, value, hasValue), "a=max-message-size"));
            case "rtcp" or "ptime" or "maxptime" or "framerate":
                Single(name.ToString(), $"a={name}");
                return new GenericAttribute(name.ToString(), hasValue ? value.ToString() : null);
            default:
                return new GenericAttribute(name.ToString(), hasValue ? value.ToString() : null);
        }
    }

    private void Single(string key, string what)
    {
        if (!_sectionSingles.Add(key))
        {
            throw Fail($"duplicate {what} in {SectionName()}");
        }
    }

    private string SectionName() =>
        _media is null ? "the session level" : $"media section {_session.Media.Count} (m={_media.Kind})";

    private void MediaOnly(ReadOnlySpan<char> name, bool session)
    {
        if (session)
        {
            throw Fail($"a={name} is only allowed in a media section");
        }
    }

    private void NoValue(ReadOnlySpan<char> name, bool hasValue)
    {
        if (hasValue)
        {
            throw Fail($"a={name} takes no value");
        }
    }

    private ReadOnlySpan<char> Value(ReadOnlySpan<char> name, ReadOnlySpan<char> value, bool hasValue)
    {
        if (!hasValue || value.IsEmpty)
        {
            throw Fail($"a={name} is missing its value");
        }
        return value;
    }

    private MidAttribute ParseMid(ReadOnlySpan<char> value)
    {
        if (!IsToken(value))
        {
            throw Fail($"a=mid value '{Shorten(value)}' is not a token (RFC 5888 §4)");
        }
        var mid = value.ToString();
        if (_midLines.TryGetValue(mid, out var first))
        {
            throw Fail($"duplicate a=mid:{mid} (also on line {first}); mids must be unique in a session");
        }
        _midLines.Add(mid, _line);
        return new MidAttribute(mid);
    }

    private GroupAttribute ParseGroup(ReadOnlySpan<char> value)
    {
        var t = new SpanTokenizer(value);
        var semantics = Token(ref t, "a=group", "semantics").ToString();
        var mids = new List<string>();
        while (t.Next(out var mid))
        {
            if (!IsToken(mid))
            {
                throw Fail($"a=group mid '{Shorten(mid)}' is not a token");
            }
            if (mids.Count == SdpLimits.MaxMediaSections)
            {
                throw Fail($"a=group lists more than {SdpLimits.MaxMediaSections} mids");
            }
            var s = mid.ToString();
            if (mids.Contains(s))
            {
                throw Fail($"a=group lists mid '{s}' twice");
            }
            mids.Add(s);
        }
        var group = new GroupAttribute(semantics, ValueList<string>.Wrap([.. mids]));
        _groups.Add((group, _line));
        return group;
    }

    private MsidAttribute ParseMsid(ReadOnlySpan<char> value)
    {
        var t = new SpanTokenizer(value);
        var stream = Token(ref t, "a=msid", "stream id").ToString();
        string? track = null;
        if (!t.IsEmpty)
        {
            track = Token(ref t, "a=msid", "track id").ToString();
            ExpectEnd(t, "a=msid");
        }
        return new MsidAttribute(stream, track);
    }

    private MsidSemanticAttribute ParseMsidSemantic(ReadOnlySpan<char> value)
    {
        var t = new SpanTokenizer(value.TrimStart(' '));
        var semantic = Token(ref t, "a=msid-semantic", "semantic").ToString();
        var ids = new List<string>();
        while (t.Next(out var id))
        {
            if (id.IsEmpty)
            {
                throw Fail("a=msid-semantic has an empty id (two spaces in a row?)");
            }
            ids.Add(id.ToString());
        }
        return new MsidSemanticAttribute(semantic, ValueList<string>.Wrap([.. ids]));
    }

    // ice-ufrag/ice-pwd: ice-char = ALPHA / DIGIT / "+" / "/", 4 (ufrag) or 22 (pwd) to 256 chars (RFC 8839 §5.4).
    private string IceString(ReadOnlySpan<char> value, string what, int min)
    {
        if (value.Length < min || value.Length > 256)
        {
            throw Fail($"{what} is {value.Length} characters long; RFC 8839 §5.4 requires {min} to 256");
        }
        if (!IsIceChars(value))
        {
            throw Fail($"{what} contains a character other than letters, digits, '+' and '/'");
        }
        return value.ToString();
    }

    private IceOptionsAttribute ParseIceOptions(ReadOnlySpan<char> value)
    {
        var t = new SpanTokenizer(value);
        var options = new List<string>();
        while (t.Next(out var option))
        {
            if (!IsToken(option))
            {
                throw Fail($"a=ice-options entry '{Shorten(option)}' is not a token");
            }
            options.Add(option.ToString());
        }
        return new IceOptionsAttribute(ValueList<string>.Wrap([.. options]));
    }

    // fingerprint-attribute = hash-func SP fingerprint; fingerprint = 2UHEX *(":" 2UHEX)   (RFC 8122 §5)
    private FingerprintAttribute ParseFingerprint(ReadOnlySpan<char> value)
    {
        var t = new SpanTokenizer(value);
        var algorithm = Token(ref t, "a=fingerprint", "hash function");
        var hex = Token(ref t, "a=fingerprint", "fingerprint");
        ExpectEnd(t, "a=fingerprint");
        if (!IsToken(algorithm))
        {
            throw Fail($"a=fingerprint hash function '{Shorten(algorithm)}' is not a token");
        }
        if (hex.Length % 3 != 2)
        {
            throw Fail("a=fingerprint value is not colon-separated hex byte pairs");
        }
        for (var i = 0; i < hex.Length; i++)
        {
            var ok = i % 3 == 2 ? hex[i] == ':' : char.IsAsciiHexDigit(hex[i]);
            if (!ok)
            {
                throw Fail("a=fingerprint value is not colon-separated hex byte pairs");
            }
        }
        return new FingerprintAttribute(algorithm.ToString(), hex.ToString());
    }

    // rtpmap-value = payload-type SP encoding-name "/" clock-rate ["/" encoding-params]   (RFC 8866 §6.6)
    private RtpMapAttribute ParseRtpMap(ReadOnlySpan<char> value)
    {
        var t = new SpanTokenizer(value);
        var pt = Number(Token(ref t, "a=rtpmap", "payload type"), 0, 127, "a=rtpmap payload type");
        var encoding = Token(ref t, "a=rtpmap", "encoding");
        ExpectEnd(t, "a=rtpmap");
        Single("rtpmap:" + pt, $"a=rtpmap for payload type {pt}");
        var parts = new SpanTokenizer(encoding, '/');
        var name = Token(ref parts, "a=rtpmap", "encoding name");
        var clock = Number(Token(ref parts, "a=rtpmap", "clock rate"), 1, int.MaxValue, "a=rtpmap clock rate");
        int? channels = null;
        if (!parts.IsEmpty)
        {
            channels = Number(parts.Rest, 1, 255, "a=rtpmap channel count");
        }
        if (!IsToken(name))
        {
            throw Fail($"a=rtpmap encoding name '{Shorten(name)}' is not a token");
        }
        return new RtpMapAttribute(pt, name.ToString(), (uint)clock, channels);
    }

    // fmtp-value = fmt SP format-specific-params   (RFC 8866 §6.15); parameters are ';'-separated
    private SdpAttribute ParseFmtp(ReadOnlySpan<char> value)
    {
        var space = value.IndexOf(' ');
        var format = space < 0 ? value : value[..space];
        if (_media is { IsRtp: false })
        {
            return new GenericAttribute("fmtp", value.ToString());
        }
        var pt = Number(format, 0, 127, "a=fmtp payload type");
        Single("fmtp:" + pt, $"a=fmtp for payload type {pt}");
        var parameters = space < 0 ? [] : ParseParameters(value[(space + 1)..], ';', "a=fmtp");
        return new FmtpAttribute(pt, ValueList<SdpParameter>.Wrap(parameters));
    }

    private SdpParameter[] ParseParameters(ReadOnlySpan<char> text, char separator, string what)
    {
        var list = new List<SdpParameter>();
        var t = new SpanTokenizer(text, separator);
        while (t.Next(out var item))
        {
            item = item.Trim(' ');
            if (item.IsEmpty)
            {
                continue;
            }
            var eq = item.IndexOf('=');
            var key = (eq < 0 ? item : item[..eq]).Trim(' ');
            if (key.IsEmpty)
            {
                throw Fail($"{what} has a parameter with an empty name");
            }
            var name = key.ToString();
            foreach (var p in list)
            {
                if (p.Name == name)
                {
                    throw Fail($"{what} has parameter '{Shorten(name)}' twice");
                }
            }
            list.Add(new SdpParameter(name, eq < 0 ? null : item[(eq + 1)..].Trim(' ').ToString()));
        }
        return [.. list];
    }

    // rtcp-fb-val = rtcp-fb-pt SP rtcp-fb-val   (RFC 4585 §4.2); rtcp-fb-pt = "*" / fmt
    private RtcpFeedbackAttribute ParseRtcpFeedback(ReadOnlySpan<char> value)
    {
        var t = new SpanTokenizer(value);
        var format = Token(ref t, "a=rtcp-fb", "payload type");
        int? pt = format is "*" ? null : Number(format, 0, 127, "a=rtcp-fb payload type");
        var type = Token(ref t, "a=rtcp-fb", "feedback type");
        if (!IsToken(type))
        {
            throw Fail($"a=rtcp-fb feedback type '{Shorten(type)}' is not a token");
        }
        return new RtcpFeedbackAttribute(pt, type.ToString(), t.IsEmpty ? null : t.Rest.ToString());
    }

    // extmap = mapentry SP extensionname [SP extensionattributes]; mapentry = value ["/" direction]   (RFC 8285 §8)
    private ExtmapAttribute ParseExtmap(ReadOnlySpan<char> value)
    {
        var t = new SpanTokenizer(value);
        var entry = Token(ref t, "a=extmap", "id");
        var uri = Token(ref t, "a=extmap", "URI");
        SdpDirection? direction = null;
        var slash = entry.IndexOf('/');
        if (slash >= 0)
        {
            if (!SdpNames.TryParseDirection(entry[(slash + 1)..], out var d))
            {
                throw Fail($"a=extmap direction '{Shorten(entry[(slash + 1)..])}' is not sendrecv, sendonly, recvonly or inactive");
            }
            direction = d;
            entry = entry[..slash];
        }
        var id = Number(entry, 1, 255, "a=extmap id");
        Single("extmap:" + id, $"a=extmap id {id}");
        return new ExtmapAttribute(id, direction, uri.ToString(), t.IsEmpty ? null : t.Rest.ToString());
    }

    // ssrc-attr = ssrc-id SP attribute; attribute = att-field [":" att-value]   (RFC 5576 §4.1)
    private SsrcAttribute ParseSsrc(ReadOnlySpan<char> value)
    {
        var space = value.IndexOf(' ');
        if (space < 0)
        {
            throw Fail("a=ssrc is missing its source attribute (expected 'a=ssrc:<ssrc> <name>[:<value>]')");
        }
        var ssrc = UInt(value[..space], "a=ssrc SSRC");
        var attribute = value[(space + 1)..];
        var colon = attribute.IndexOf(':');
        var name = colon < 0 ? attribute : attribute[..colon];
        if (!IsToken(name))
        {
            throw Fail($"a=ssrc source attribute name '{Shorten(name)}' is not a token");
        }
        return new SsrcAttribute(ssrc, name.ToString(), colon < 0 ? null : attribute[(colon + 1)..].ToString());
    }

    // ssrc-group-attr = semantics *(SP ssrc-id)   (RFC 5576 §4.2)
    private SsrcGroupAttribute ParseSsrcGroup(ReadOnlySpan<char> value)
    {
        var t = new SpanTokenizer(value);
        var semantics = Token(ref t, "a=ssrc-group", "semantics");
        if (!IsToken(semantics))
        {
            throw Fail($"a=ssrc-group semantics '{Shorten(semantics)}' is not a token");
        }
        var ssrcs = new List<uint>();
        while (t.Next(out var ssrc))
        {
            if (ssrcs.Count == SdpLimits.MaxRidsPerSection)
            {
                throw Fail($"a=ssrc-group lists more than {SdpLimits.MaxRidsPerSection} SSRCs");
            }
            ssrcs.Add(UInt(ssrc, "a=ssrc-group SSRC"));
        }
        if (ssrcs.Count == 0)
        {
            throw Fail("a=ssrc-group lists no SSRC");
        }
        return new SsrcGroupAttribute(semantics.ToString(), ValueList<uint>.Wrap([.. ssrcs]));
    }

    // rid-syntax = "a=rid:" rid-id SP rid-dir [ rid-pt-param-list / rid-param-list ]   (RFC 8851 §10)
    private RidAttribute ParseRid(ReadOnlySpan<char> value)
    {
        var t = new SpanTokenizer(value);
        var id = Token(ref t, "a=rid", "id");
        if (!IsRidId(id))
        {
            throw Fail($"a=rid id '{Shorten(id)}' must be letters, digits, '-' or '_' (RFC 8851 §10)");
        }
        var dir = Token(ref t, "a=rid", "direction");
        var direction = dir switch
        {
            "send" => RidDirection.Send,
            "recv" => RidDirection.Recv,
            _ => throw Fail($"a=rid direction '{Shorten(dir)}' is not send or recv"),
        };
        Single("rid:" + id.ToString(), $"a=rid:{id}");
        var restrictions = t.IsEmpty ? [] : ParseParameters(t.Rest, ';', "a=rid");
        foreach (var r in restrictions)
        {
            if (r.Name == "pt")
            {
                if (r.Value is null)
                {
                    throw Fail("a=rid pt= restriction has no payload types");
                }
                var pts = new SpanTokenizer(r.Value, ',');
                while (pts.Next(out var pt))
                {
                    Number(pt, 0, 127, "a=rid pt= payload type");
                }
            }
        }
        return new RidAttribute(id.ToString(), direction, ValueList<SdpParameter>.Wrap(restrictions));
    }

    // sc-value = (sc-send [SP sc-recv]) / (sc-recv [SP sc-send]); sc-str-list = sc-alt-list *(";" sc-alt-list);
    // sc-alt-list = sc-id *("," sc-id); sc-id = [sc-id-paused] rid-id; sc-id-paused = "~"   (RFC 8853 §5.1)
    private SimulcastAttribute ParseSimulcast(ReadOnlySpan<char> value)
    {
        var t = new SpanTokenizer(value);
        ValueList<SimulcastStream>? send = null, recv = null;
        var recvFirst = false;
        while (t.Next(out var dir))
        {
            var list = ParseSimulcastList(Token(ref t, "a=simulcast", "stream list"));
            switch (dir)
            {
                case "send" when send is null:
                    send = list;
                    break;
                case "recv" when recv is null:
                    recvFirst |= send is null;
                    recv = list;
                    break;
                case "send" or "recv":
                    throw Fail($"a=simulcast has two '{dir}' lists");
                default:
                    throw Fail($"a=simulcast direction '{Shorten(dir)}' is not send or recv");
            }
        }
        if (send is null && recv is null)
        {
            throw Fail("a=simulcast has no send or recv list");
        }
        return new SimulcastAttribute(send ?? ValueList<SimulcastStream>.Empty, recv ?? ValueList<SimulcastStream>.Empty, recvFirst);
    }

    private ValueList<SimulcastStream> ParseSimulcastList(ReadOnlySpan<char> text)
    {
        var streams = new List<SimulcastStream>();
        var t = new SpanTokenizer(text, ';');
        while (t.Next(out var alternatives))
        {
            if (alternatives.IsEmpty)
            {
                throw Fail("a=simulcast rid '' is empty (';;' or a trailing ';')");
            }
            var rids = new List<SimulcastRid>();
            var a = new SpanTokenizer(alternatives, ',');
            while (a.Next(out var rid))
            {
                var paused = rid.StartsWith('~');
                if (paused)
                {
                    rid = rid[1..];
                }
                if (!IsRidId(rid))
                {
                    throw Fail($"a=simulcast rid '{Shorten(rid)}' must be letters, digits, '-' or '_'");
                }
                if (++_counts.Rids > SdpLimits.MaxRidsPerSection)
                {
                    throw Fail($"a=simulcast lists more than {SdpLimits.MaxRidsPerSection} rids");
                }
                rids.Add(new SimulcastRid(rid.ToString(), paused));
            }
            streams.Add(new SimulcastStream(ValueList<SimulcastRid>.Wrap([.. rids])));
        }
        return ValueList<SimulcastStream>.Wrap([.. streams]);
    }

    private static bool IsRidId(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty)
        {
            return false;
        }
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsIceChars(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '/'))
            {
                return false;
            }
        }
        return true;
    }

    // token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E   (RFC 8866 §9)
    private static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }
        foreach (var c in text)
        {
            var ok = c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D || c == 0x2E
                || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x5E && c <= 0x7E);
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }
}
