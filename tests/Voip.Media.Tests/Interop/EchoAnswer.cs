using System.Globalization;
using System.Text;
using Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop;

/// <summary>
/// Test-side signaling for echo calls: reads what matters from a browser's offer and writes the
/// answer from the engine's transport parameters (Opus and VP8 only, BUNDLE, rtcp-mux, ICE-lite).
/// Deliberately small; the product's SDP model lives in control-plane/Voip.Sdp.
/// </summary>
public sealed class EchoAnswer
{
    public required string Sdp { get; init; }

    public required IReadOnlyList<EchoStream> Streams { get; init; }

    public required string RemoteFingerprintAlgorithm { get; init; }

    public required string RemoteFingerprint { get; init; }

    public required string RemoteUfrag { get; init; }

    public required string RemotePassword { get; init; }

    public static EchoAnswer Build(string offer, WebRtcTransport transport)
    {
        var lines = offer.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        var sections = new List<List<string>> { new() };
        foreach (var line in lines)
        {
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                sections.Add([]);
            }

            sections[^1].Add(line);
        }

        string Find(string prefix) =>
            lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..]
            ?? throw new InvalidOperationException($"offer has no {prefix} line");

        var fingerprint = Find("a=fingerprint:").Split(' ', 2);
        var candidate = transport.IceCandidates[0];
        var sb = new StringBuilder();
        var mids = new List<string>();
        var streams = new List<EchoStream>();
        var media = new StringBuilder();
        uint nextSsrc = (uint)Random.Shared.Next(0x1000, int.MaxValue);

        foreach (var section in sections.Skip(1))
        {
            string kind = section[0][2..section[0].IndexOf(' ', StringComparison.Ordinal)];
            string codec = kind == "audio" ? "opus/48000/2" : "VP8/90000";
            string mid = section.First(l => l.StartsWith("a=mid:", StringComparison.Ordinal))[6..];
            string pt = section.First(l => l.StartsWith("a=rtpmap:", StringComparison.Ordinal) && l.EndsWith(" " + codec, StringComparison.OrdinalIgnoreCase))["a=rtpmap:".Length..].Split(' ')[0];
            string? fmtp = section.FirstOrDefault(l => l.StartsWith($"a=fmtp:{pt} ", StringComparison.Ordinal));
            string? midExt = section.FirstOrDefault(l => l.StartsWith("a=extmap:", StringComparison.Ordinal) && l.EndsWith("urn:ietf:params:rtp-hdrext:sdes:mid", StringComparison.Ordinal));
            uint input = uint.Parse(section.First(l => l.StartsWith("a=ssrc:", StringComparison.Ordinal))["a=ssrc:".Length..].Split(' ')[0], CultureInfo.InvariantCulture);
            uint output = nextSsrc++;
            streams.Add(new EchoStream { InputSsrc = input, OutputSsrc = output });
            mids.Add(mid);

            media.Append($"m={kind} {candidate.Port} UDP/TLS/RTP/SAVPF {pt}\r\n");
            media.Append($"c=IN IP4 {candidate.Ip}\r\n");
            media.Append("a=rtcp:9 IN IP4 0.0.0.0\r\n");
            media.Append($"a=ice-ufrag:{transport.IceParameters.UsernameFragment}\r\n");
            media.Append($"a=ice-pwd:{transport.IceParameters.Password}\r\n");
            media.Append($"a=fingerprint:{transport.DtlsParameters.Fingerprints[0].Algorithm} {transport.DtlsParameters.Fingerprints[0].Value}\r\n");
            media.Append("a=setup:passive\r\n");
            media.Append($"a=mid:{mid}\r\n");
            if (midExt is not null)
            {
                media.Append(midExt).Append("\r\n");
            }

            media.Append("a=sendrecv\r\n");
            media.Append($"a=msid:voip-echo voip-echo-{kind}\r\n");
            media.Append("a=rtcp-mux\r\na=rtcp-rsize\r\n");
            media.Append($"a=rtpmap:{pt} {codec}\r\n");
            if (fmtp is not null)
            {
                media.Append(fmtp).Append("\r\n");
            }

            if (kind == "video")
            {
                media.Append($"a=rtcp-fb:{pt} nack\r\na=rtcp-fb:{pt} nack pli\r\na=rtcp-fb:{pt} ccm fir\r\n");
            }

            media.Append($"a=ssrc:{output} cname:voip-echo\r\n");
            media.Append($"a=candidate:{candidate.Foundation} 1 udp {candidate.Priority} {candidate.Ip} {candidate.Port} typ host\r\n");
            media.Append("a=end-of-candidates\r\n");
        }

        sb.Append("v=0\r\n");
        sb.Append($"o=- {Random.Shared.NextInt64(1, long.MaxValue)} 2 IN IP4 127.0.0.1\r\n");
        sb.Append("s=-\r\nt=0 0\r\n");
        sb.Append("a=ice-lite\r\n");
        sb.Append($"a=group:BUNDLE {string.Join(' ', mids)}\r\n");
        sb.Append("a=msid-semantic: WMS voip-echo\r\n");
        sb.Append(media);

        return new EchoAnswer
        {
            Sdp = sb.ToString(),
            Streams = streams,
            RemoteFingerprintAlgorithm = fingerprint[0],
            RemoteFingerprint = fingerprint[1],
            RemoteUfrag = Find("a=ice-ufrag:"),
            RemotePassword = Find("a=ice-pwd:"),
        };
    }
}
