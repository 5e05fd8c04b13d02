using System.Globalization;

namespace Voip.Sdp;

// Typed reads of the RTP attributes of a media section.
public sealed partial class MediaDescription
{
    public string? Mid => Find<MidAttribute>()?.Mid;

    public MsidAttribute? Msid => Find<MsidAttribute>();

    public bool RtcpMux => HasFlag("rtcp-mux");

    public bool RtcpReducedSize => HasFlag("rtcp-rsize");

    /// <summary>True for a rejected (or bundle-only) section: port 0.</summary>
    public bool IsRejected => Port == 0 && !HasFlag("bundle-only");

    public int? SctpPort => Find<SctpPortAttribute>()?.Port;

    public ulong? MaxMessageSize => Find<MaxMessageSizeAttribute>()?.Size;

    public IReadOnlyList<RidAttribute> Rids => FindAll<RidAttribute>();

    public SimulcastAttribute? Simulcast => Find<SimulcastAttribute>();

    public IReadOnlyList<SsrcGroupAttribute> SsrcGroups => FindAll<SsrcGroupAttribute>();

    /// <summary>The payload types of the m= line (RTP profiles only; validated by the parser).</summary>
    public IReadOnlyList<int> PayloadTypes =>
        IsRtp ? [.. Formats.Select(f => int.Parse(f, NumberStyles.None, CultureInfo.InvariantCulture))] : [];

    /// <summary>
    /// The codecs in m= line order, joining <c>a=rtpmap</c>, <c>a=fmtp</c> and <c>a=rtcp-fb</c> (including the
    /// <c>*</c> wildcard) by payload type. Static payload types without rtpmap use RFC 3551 §6.
    /// </summary>
    public IReadOnlyList<SdpCodec> Codecs
    {
        get
        {
            if (!IsRtp)
            {
                return [];
            }
            var byPt = new Dictionary<int, SdpCodec>();
            var codecs = new List<SdpCodec>(Formats.Count);
            foreach (var pt in PayloadTypes)
            {
                if (byPt.ContainsKey(pt))
                {
                    continue;
                }
                var codec = new SdpCodec { PayloadType = pt };
                if (StaticPayloadType(pt) is { } known)
                {
                    (codec.Name, codec.ClockRate, codec.Channels) = known;
                }
                byPt[pt] = codec;
                codecs.Add(codec);
            }
            List<RtcpFeedback>? wildcard = null;
            foreach (var a in Attributes)
            {
                switch (a)
                {
                    case RtpMapAttribute m when byPt.TryGetValue(m.PayloadType, out var c):
                        c.Name = m.EncodingName;
                        c.ClockRate = m.ClockRate;
                        c.Channels = m.Channels;
                        break;
                    case FmtpAttribute f when byPt.TryGetValue(f.PayloadType, out var c):
                        foreach (var p in f.Parameters)
                        {
                            c.Parameters[p.Name] = p.Value ?? "";
                        }
                        break;
                    case RtcpFeedbackAttribute fb when fb.PayloadType is null:
                        (wildcard ??= []).Add(new RtcpFeedback(fb.Type, fb.Parameter));
                        break;
                    case RtcpFeedbackAttribute { PayloadType: { } fbPt } fb when byPt.TryGetValue(fbPt, out var c):
                        c.Feedback.Add(new RtcpFeedback(fb.Type, fb.Parameter));
                        break;
                }
            }
            if (wildcard is not null)
            {
                foreach (var c in codecs)
                {
                    c.Feedback.AddRange(wildcard.Where(w => !c.Feedback.Contains(w)));
                }
            }
            return codecs;
        }
    }

    /// <summary>The SSRCs in order of first appearance with their <c>cname</c> and <c>msid</c> source attributes.</summary>
    public IReadOnlyList<SdpSource> Sources
    {
        get
        {
            var list = new List<SdpSource>();
            foreach (var s in FindAll<SsrcAttribute>())
            {
                var index = list.FindIndex(x => x.Ssrc == s.Ssrc);
                var source = index >= 0 ? list[index] : new SdpSource(s.Ssrc, null, null, null);
                source = s.Attribute switch
                {
                    "cname" => source with { Cname = s.Value },
                    "msid" when s.Value is not null => WithMsid(source, s.Value),
                    _ => source,
                };
                if (index >= 0)
                {
                    list[index] = source;
                }
                else
                {
                    list.Add(source);
                }
            }
            return list;
        }
    }

    private static SdpSource WithMsid(SdpSource source, string value)
    {
        var space = value.IndexOf(' ');
        return space < 0
            ? source with { StreamId = value }
            : source with { StreamId = value[..space], TrackId = value[(space + 1)..] };
    }

    /// <summary>RFC 3551 §6 static payload types WebRTC stacks may offer without an rtpmap.</summary>
    private static (string, uint, int?)? StaticPayloadType(int pt) => pt switch
    {
        0 => ("PCMU", 8000, 1),
        8 => ("PCMA", 8000, 1),
        9 => ("G722", 8000, 1),
        13 => ("CN", 8000, 1),
        _ => null,
    };
}
