namespace Voip.Sdp;

/// <summary>Writes the common parts of the media sections the builders produce, in Chromium's attribute order.</summary>
internal static class SdpSectionWriter
{
    public static SessionDescription NewSession(ulong sessionId, ulong version, bool iceLite)
    {
        var session = new SessionDescription { Origin = SdpOrigin.Create(sessionId, version) };
        session.Timings.Add(SdpTiming.Unbounded);
        if (iceLite)
        {
            session.AddFlag("ice-lite");
        }
        return session;
    }

    /// <summary>m= port and c= carry the default candidate (RFC 8839 §4.2.1.1); 9 / 0.0.0.0 when there is none.</summary>
    public static MediaDescription NewMedia(string kind, string protocol, IEnumerable<string> formats, TransportParameters? transport)
    {
        var candidate = transport?.Candidates.FirstOrDefault(c => c.Protocol == "udp") ?? transport?.Candidates.FirstOrDefault();
        var media = new MediaDescription(kind, candidate?.Port ?? 9, protocol, formats)
        {
            Connection = candidate is null
                ? SdpConnection.Placeholder
                : new SdpConnection("IN", candidate.Address.Contains(':') ? "IP6" : "IP4", candidate.Address),
        };
        return media;
    }

    public static MediaDescription Rejected(string kind, string protocol, IEnumerable<string> formats, string? mid)
    {
        var media = new MediaDescription(kind, 0, protocol, formats) { Connection = SdpConnection.Placeholder };
        if (mid is not null)
        {
            media.Add(new MidAttribute(mid));
        }
        media.Add(new DirectionAttribute(SdpDirection.Inactive));
        return media;
    }

    public static void AddIceAndDtls(MediaDescription media, TransportParameters transport, SdpSetupRole setup)
    {
        media.Add(new IceUfragAttribute(transport.Ice.Ufrag));
        media.Add(new IcePwdAttribute(transport.Ice.Pwd));
        foreach (var f in transport.Dtls.Fingerprints)
        {
            media.Add(new FingerprintAttribute(f.Algorithm, f.Value));
        }
        media.Add(new SetupAttribute(setup));
    }

    public static void AddCandidates(MediaDescription media, TransportParameters transport)
    {
        foreach (var c in transport.Candidates)
        {
            media.Add(c.ToAttribute());
        }
        // ICE-lite has gathered everything up front (RFC 8840 §8.2).
        media.AddFlag("end-of-candidates");
    }

    /// <summary>Formats on the m= line plus rtpmap, rtcp-fb and fmtp per codec.</summary>
    public static void AddCodecs(MediaDescription media, IEnumerable<RtpCodecParameters> codecs)
    {
        foreach (var codec in codecs)
        {
            media.Add(new RtpMapAttribute(codec.PayloadType, codec.EncodingName, codec.ClockRate,
                codec.Kind == MediaKind.Audio ? codec.Channels is > 1 ? codec.Channels : null : null));
            foreach (var fb in codec.RtcpFeedback)
            {
                media.Add(new RtcpFeedbackAttribute(codec.PayloadType, fb.Type, fb.Parameter));
            }
            if (codec.Parameters.Count > 0)
            {
                media.Add(new FmtpAttribute(codec.PayloadType,
                    new ValueList<SdpParameter>(codec.Parameters.Select(p => new SdpParameter(p.Key, p.Value.Length == 0 ? null : p.Value)))));
            }
        }
    }

    public static IEnumerable<string> Formats(IEnumerable<RtpCodecParameters> codecs) =>
        codecs.Select(c => c.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static RtpCodecParameters ToRtpCodec(string kind, SdpCodec codec, IEnumerable<RtcpFeedback>? feedback = null) => new()
    {
        MimeType = codec.MimeType(kind),
        PayloadType = codec.PayloadType,
        ClockRate = codec.ClockRate,
        Channels = kind == "audio" ? codec.Channels ?? 1 : null,
        Parameters = new OrderedDictionary<string, string>(codec.Parameters, StringComparer.Ordinal),
        RtcpFeedback = [.. feedback ?? codec.Feedback],
    };
}
