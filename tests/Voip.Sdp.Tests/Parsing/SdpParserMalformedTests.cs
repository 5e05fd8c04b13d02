namespace Voip.Sdp.Tests.Parsing;

public sealed class SdpParserMalformedTests
{
    private const string Head = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    private const string Audio = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n";

    private static SdpParseError Reject(string text)
    {
        var ex = Assert.Throws<SdpParseException>(() => SdpParser.Parse(text))!;
        Assert.That(SdpParser.TryParse(text, out var parsed, out var error), Is.False);
        Assert.That(parsed, Is.Null);
        Assert.That(error, Is.EqualTo(ex.Error));
        Assert.That(ex.Message, Is.EqualTo(ex.Error.Message));
        return ex.Error;
    }

    private static void AssertRejected(string text, int line, string reason)
    {
        var error = Reject(text);
        Assert.That(error.LineNumber, Is.EqualTo(line), error.Message);
        Assert.That(error.Reason, Does.Contain(reason), error.Message);
        if (line > 0)
        {
            Assert.That(error.Message, Does.StartWith($"SDP line {line}: "));
        }
    }

    [Test]
    public void Oversized_line_is_rejected() =>
        AssertRejected(Head + Audio + "a=x-big:" + new string('x', 5000) + "\r\n", 7, "more than the 4096 allowed");

    [Test]
    public void Oversized_sdp_is_rejected()
    {
        var sb = new System.Text.StringBuilder(Head + Audio);
        while (sb.Length <= SdpLimits.MaxSdpLength)
        {
            sb.Append("a=x-filler:").Append('y', 100).Append("\r\n");
        }
        AssertRejected(sb.ToString(), 0, "more than the 262144 allowed");
    }

    [Test]
    public void Empty_sdp_is_rejected() => AssertRejected("", 0, "missing v= line");

    [Test]
    public void Missing_v_line_is_rejected() => AssertRejected("o=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" + Audio, 1, "missing v= line");

    [Test]
    public void Missing_o_line_is_rejected() => AssertRejected("v=0\r\ns=-\r\nt=0 0\r\n" + Audio, 2, "missing o= line");

    [Test]
    public void Missing_s_line_is_rejected() => AssertRejected("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nt=0 0\r\n" + Audio, 3, "missing s= line");

    [Test]
    public void Truncated_after_o_line_is_rejected() => AssertRejected("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n", 2, "missing s= line");

    [Test]
    public void Missing_t_line_is_rejected() => AssertRejected("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n" + Audio, 0, "missing t= line");

    [Test]
    public void Missing_m_section_is_rejected() => AssertRejected(Head + "a=ice-lite\r\n", 0, "no m= section");

    [Test]
    public void Wrong_version_is_rejected() => AssertRejected("v=1\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" + Audio, 1, "unsupported SDP version '1'");

    [Test]
    public void Duplicate_mid_in_a_section_is_rejected() => AssertRejected(Head + Audio + "a=mid:1\r\n", 7, "duplicate a=mid in media section 1 (m=audio)");

    [Test]
    public void Same_mid_in_two_sections_is_rejected() =>
        AssertRejected(Head + Audio + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n", 8, "duplicate a=mid:0 (also on line 6)");

    [Test]
    public void Duplicate_ice_ufrag_is_rejected() =>
        AssertRejected(Head + Audio + "a=ice-ufrag:abcd\r\na=ice-ufrag:efgh\r\n", 8, "duplicate a=ice-ufrag in media section 1");

    [Test]
    public void Duplicate_session_ice_pwd_is_rejected() =>
        AssertRejected(Head + "a=ice-pwd:0123456789012345678901\r\na=ice-pwd:0123456789012345678901\r\n" + Audio, 6, "duplicate a=ice-pwd in the session level");

    [Test]
    public void Two_directions_are_rejected() => AssertRejected(Head + Audio + "a=sendonly\r\na=recvonly\r\n", 8, "duplicate a=recvonly");

    [Test]
    public void Duplicate_rtpmap_for_a_payload_type_is_rejected() =>
        AssertRejected(Head + Audio + "a=rtpmap:111 opus/48000/2\r\na=rtpmap:111 opus/48000/2\r\n", 8, "duplicate a=rtpmap for payload type 111");

    [Test]
    public void Duplicate_extmap_id_is_rejected() =>
        AssertRejected(Head + Audio + "a=extmap:1 urn:a\r\na=extmap:1 urn:b\r\n", 8, "duplicate a=extmap id 1");

    [Test]
    public void Too_many_m_sections_are_rejected()
    {
        var sb = new System.Text.StringBuilder(Head);
        for (var i = 0; i <= SdpLimits.MaxMediaSections; i++)
        {
            sb.Append("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:").Append(i).Append("\r\n");
        }
        AssertRejected(sb.ToString(), 5 + (2 * SdpLimits.MaxMediaSections), "more than 64 m= sections");
    }

    [Test]
    public void Too_many_codecs_are_rejected()
    {
        var sb = new System.Text.StringBuilder(Head + Audio);
        for (var i = 0; i <= SdpLimits.MaxCodecsPerSection; i++)
        {
            sb.Append("a=rtpmap:").Append(i % 128).Append(" x/8000\r\n");
        }
        // Duplicate payload types trip first when they repeat; cap at 128 distinct then the count.
        var error = Reject(sb.ToString());
        Assert.That(error.Reason, Does.Contain("duplicate a=rtpmap for payload type 0").Or.Contain("more than 256 codecs"));
    }

    [Test]
    public void Too_many_formats_on_the_m_line_are_rejected()
    {
        var formats = string.Join(' ', Enumerable.Range(0, 300).Select(i => "f" + i));
        AssertRejected(Head + "m=application 9 UDP/DTLS/SCTP " + formats + "\r\n", 5, "more than 256 formats");
    }

    [Test]
    public void Too_many_candidates_are_rejected()
    {
        var sb = new System.Text.StringBuilder(Head + Audio);
        for (var i = 0; i <= SdpLimits.MaxCandidatesPerSection; i++)
        {
            sb.Append("a=candidate:1 1 udp 1 127.0.0.1 ").Append(1000 + i).Append(" typ host\r\n");
        }
        AssertRejected(sb.ToString(), 7 + SdpLimits.MaxCandidatesPerSection, "more than 256 a=candidate lines");
    }

    [TestCase("m=audio 70000 UDP/TLS/RTP/SAVPF 111", "m= line port '70000' is not a number in 0..65535")]
    [TestCase("m=audio 9 UDP/TLS/RTP/SAVPF 128", "m= line payload type '128' is not a number in 0..127")]
    [TestCase("m=audio 9 UDP/TLS/RTP/SAVPF opus", "m= line payload type 'opus'")]
    [TestCase("m=audio -1 UDP/TLS/RTP/SAVPF 111", "m= line port '-1'")]
    [TestCase("m=audio 9 UDP/TLS/RTP/SAVPF 111 111", "payload type 111 twice")]
    [TestCase("m=audio 9 UDP/TLS/RTP/SAVPF", "m= line has no formats")]
    [TestCase("m=audio 9", "m= line is missing its protocol")]
    [TestCase("m=audio 9 UDP/TLS/RTP/SAVPF 111  0", "empty format")]
    public void Bad_m_line_is_rejected(string mLine, string reason) => AssertRejected(Head + mLine + "\r\n", 5, reason);

    [TestCase("o=- abc 1 IN IP4 127.0.0.1", "o= line session id 'abc' is not a number")]
    [TestCase("o=- 1 99999999999999999999999 IN IP4 127.0.0.1", "o= line session version")]
    [TestCase("o=- 1 1 IN IP4", "o= line is missing its address")]
    [TestCase("o=- 1 1 IN IP4 127.0.0.1 extra", "unexpected trailing text 'extra'")]
    public void Bad_origin_is_rejected(string origin, string reason) =>
        AssertRejected("v=0\r\n" + origin + "\r\ns=-\r\nt=0 0\r\n" + Audio, 2, reason);

    [TestCase("a=rtpmap:111 opus", "a=rtpmap is missing its clock rate")]
    [TestCase("a=rtpmap:111 opus/0/2", "a=rtpmap clock rate '0'")]
    [TestCase("a=rtpmap:999 opus/48000", "a=rtpmap payload type '999'")]
    [TestCase("a=rtpmap:111 opus/48000/x", "a=rtpmap channel count 'x'")]
    [TestCase("a=fmtp:111 a=1;a=2", "a=fmtp has parameter 'a' twice")]
    [TestCase("a=rtcp-fb:x nack", "a=rtcp-fb payload type 'x'")]
    [TestCase("a=extmap:0 urn:x", "a=extmap id '0' is not a number in 1..255")]
    [TestCase("a=extmap:1/upward urn:x", "a=extmap direction 'upward'")]
    [TestCase("a=ssrc:12x cname:a", "a=ssrc SSRC '12x'")]
    [TestCase("a=ssrc:4294967296 cname:a", "a=ssrc SSRC '4294967296'")]
    [TestCase("a=ssrc:1", "a=ssrc is missing its source attribute")]
    [TestCase("a=ssrc-group:FID", "a=ssrc-group lists no SSRC")]
    [TestCase("a=rid:q sideways", "a=rid direction 'sideways'")]
    [TestCase("a=rid:q! send", "a=rid id 'q!'")]
    [TestCase("a=rid:q send pt=96,abc", "a=rid pt= payload type 'abc'")]
    [TestCase("a=simulcast:send", "a=simulcast is missing its stream list")]
    [TestCase("a=simulcast:up q", "a=simulcast direction 'up'")]
    [TestCase("a=simulcast:send q send h", "two 'send' lists")]
    [TestCase("a=simulcast:send q;;h", "a=simulcast rid ''")]
    [TestCase("a=setup:sometimes", "a=setup value 'sometimes'")]
    [TestCase("a=fingerprint:sha-256 XY:ZZ", "not colon-separated hex")]
    [TestCase("a=fingerprint:sha-256", "a=fingerprint is missing its fingerprint")]
    [TestCase("a=ice-ufrag:ab", "a=ice-ufrag is 2 characters long")]
    [TestCase("a=ice-pwd:short", "a=ice-pwd is 5 characters long")]
    [TestCase("a=ice-ufrag:ab$d", "a=ice-ufrag contains a character")]
    [TestCase("a=sctp-port:99999", "a=sctp-port '99999'")]
    [TestCase("a=max-message-size:-1", "a=max-message-size '-1'")]
    [TestCase("a=rtcp-mux:yes", "a=rtcp-mux takes no value")]
    [TestCase("a=mid:", "a=mid is missing its value")]
    [TestCase("a=mid:a b", "a=mid value 'a b' is not a token")]
    [TestCase("a=group:BUNDLE 0", "a=group is only allowed at session level")]
    [TestCase("a=candidate:1 1 udp 1 127.0.0.1 70000 typ host", "a=candidate port '70000'")]
    [TestCase("a=candidate:1 1 udp 1 127.0.0.1 5000 host", "a=candidate is missing 'typ'")]
    [TestCase("a=candidate:1 1 udp 1 127.0.0.1 5000 typ", "a=candidate is missing its candidate type")]
    [TestCase("a=candidate:1 1 udp x 127.0.0.1 5000 typ host", "a=candidate priority 'x'")]
    [TestCase("a=candidate:1 1 udp 1 127.0.0.1 5000 typ host generation", "a=candidate is missing its value for 'generation'")]
    [TestCase("a=candidate:1 1 udp 1 127.0.0.1 5000 typ host tcptype sideways", "tcptype 'sideways'")]
    [TestCase("a=candidate:1 1 udp 1 127.0.0.1 5000 typ srflx raddr 1.2.3.4 rport x", "a=candidate rport 'x'")]
    [TestCase("a=candidate:f\u00f6o 1 udp 1 127.0.0.1 5000 typ host", "foundation")]
    [TestCase("a=:x", "attribute name '' is not a token")]
    public void Bad_attribute_is_rejected(string attribute, string reason) =>
        AssertRejected(Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" + attribute + "\r\n", 6, reason);

    [Test]
    public void Attribute_only_allowed_in_media_at_session_level_is_rejected() =>
        AssertRejected(Head + "a=mid:0\r\n" + Audio, 5, "a=mid is only allowed in a media section");

    [Test]
    public void Bundle_naming_a_missing_mid_is_rejected() =>
        AssertRejected(Head + "a=group:BUNDLE 0 7\r\n" + Audio, 5, "names mid '7' that no m= section has");

    [Test]
    public void Unknown_line_type_is_rejected() => AssertRejected(Head + Audio + "x=1\r\n", 7, "unknown line type 'x='");

    [Test]
    public void Session_line_inside_media_is_rejected() => AssertRejected(Head + Audio + "t=0 0\r\n", 7, "t= line is not allowed in a media section");

    [Test]
    public void Line_without_equals_is_rejected() => AssertRejected(Head + Audio + "hello\r\n", 7, "expected '<letter>=<value>', got 'hello'");

    [Test]
    public void Bare_cr_line_ending_is_rejected() =>
        AssertRejected("v=0\ro=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" + Audio, 1, "stray CR");

    [Test]
    public void Empty_line_in_the_middle_is_rejected() => AssertRejected(Head + "\r\n" + Audio, 5, "empty line");

    [Test]
    public void Nul_character_is_rejected() => AssertRejected(Head + Audio + "a=x-bad:\0\r\n", 7, "NUL character");

    [Test]
    public void Duplicate_session_connection_is_rejected() =>
        AssertRejected("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n" + Audio, 5, "duplicate c= line");

    [Test]
    public void Bad_bandwidth_is_rejected() => AssertRejected(Head + Audio + "b=AS:lots\r\n", 7, "b= line bandwidth 'lots'");

    [Test]
    public void Trailing_blank_lines_and_missing_final_newline_are_accepted()
    {
        Assert.That(SdpParser.Parse(Head + Audio + "\r\n\r\n").Media, Has.Count.EqualTo(1));
        Assert.That(SdpParser.Parse(Head + Audio + "a=rtcp-mux").Media[0].RtcpMux, Is.True);
    }

    [Test]
    public void Trickled_candidate_errors_are_parse_exceptions()
    {
        var ex = Assert.Throws<SdpParseException>(() => CandidateAttribute.Parse("foo"))!;
        Assert.That(ex.Reason, Does.Contain("must start with 'candidate:'"));
    }

    /// <summary>
    /// Mutations of real SDPs (truncation, byte flips, line drops and duplication) must give either a model
    /// or an <see cref="SdpParseException"/> — never any other exception — and whatever parses must write
    /// back to text that parses to an equal model.
    /// </summary>
    [TestCaseSource(typeof(Fixture), nameof(Fixture.All))]
    public void Mutated_fixtures_never_throw_anything_else(string name)
    {
        var text = Fixture.Read(name);
        var lines = text.Split("\r\n");
        var random = new Random(name.Length * 7919);
        const string alphabet = "=: /;,~\r\n0123456789aAzZ-_*\0\u00e9";
        var parsedCount = 0;
        for (var i = 0; i < 1000; i++)
        {
            string mutated;
            switch (i % 4)
            {
                case 0:
                    mutated = text[..random.Next(text.Length)];
                    break;
                case 1:
                    var chars = text.ToCharArray();
                    for (var k = random.Next(1, 4); k > 0; k--)
                    {
                        chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
                    }
                    mutated = new string(chars);
                    break;
                case 2:
                    var drop = random.Next(lines.Length);
                    mutated = string.Join("\r\n", lines.Where((_, index) => index != drop));
                    break;
                default:
                    var dup = random.Next(lines.Length);
                    mutated = string.Join("\r\n", lines.Take(dup + 1).Append(lines[dup]).Concat(lines.Skip(dup + 1)));
                    break;
            }
            try
            {
                var parsed = SdpParser.Parse(mutated);
                parsedCount++;
                var reparsed = SdpParser.Parse(parsed.ToString());
                Assert.That(reparsed, Is.EqualTo(parsed), $"mutation {i} did not round-trip");
                _ = parsed.Media.Select(m => (m.Codecs.Count, m.Sources.Count, m.PayloadTypes.Count, m.Rids.Sum(r => r.PayloadTypes.Count))).ToList();
            }
            catch (SdpParseException)
            {
            }
        }
        Assert.That(parsedCount, Is.GreaterThan(0), "some mutations (e.g. dropped optional lines) stay valid");
    }
}
