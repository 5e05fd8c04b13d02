using System.Security.Cryptography;

namespace Voip.Sdp;

/// <summary>
/// Answers a publisher's (browser's) offer on an ICE-lite SFU transport and extracts the producers' RTP
/// parameters (JSEP, RFC 8829 §5.3). Audio/video the browser sends is answered <c>recvonly</c> with the
/// codecs the SFU supports — offered payload types, ordered by the SFU's preference so the browser sends
/// the SFU's first choice — and the header extensions it understands, with the offer's ids. Simulcast
/// offers get <c>a=rid:… recv</c> and <c>a=simulcast:recv</c> (RFC 8853). Everything else is rejected.
/// </summary>
public static partial class SdpAnswerBuilder
{
    public static PublisherAnswer BuildPublisherAnswer(
        SessionDescription offer,
        TransportParameters transport,
        IReadOnlyList<RtpCodecCapability> codecs,
        IReadOnlyList<RtpHeaderExtensionCapability> headerExtensions,
        ulong? sessionId = null)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(codecs);
        ArgumentNullException.ThrowIfNull(headerExtensions);

        var answer = SdpSectionWriter.NewSession(sessionId ?? NewSessionId(), 1, iceLite: true);
        var producers = new List<ProducerParameters>();
        var rejected = new List<string>();
        var accepted = new HashSet<string>(StringComparer.Ordinal);
        IceParameters? remoteIce = null;
        DtlsParameters? remoteDtls = null;
        var localRole = DtlsRole.Server;

        foreach (var offered in offer.Media)
        {
            var mid = offered.Mid;
            MediaDescription? section = null;
            if (!offered.IsRejected && mid is not null)
            {
                var ice = offer.GetIceParameters(offered)
                    ?? throw new SdpNegotiationException($"offer m-section mid={mid} has no a=ice-ufrag/a=ice-pwd");
                var dtls = offer.GetDtlsParameters(offered)
                    ?? throw new SdpNegotiationException($"offer m-section mid={mid} has no a=fingerprint");
                // The offerer is actpass (RFC 8842 §5.2); an SFU answers passive and is the DTLS server.
                // If a peer insists on passive, the SFU has to be the client.
                var setup = dtls.Role == DtlsRole.Server ? SdpSetupRole.Active : SdpSetupRole.Passive;
                section = offered.Kind switch
                {
                    "audio" or "video" when offered.Protocol.EndsWith("RTP/SAVPF", StringComparison.Ordinal) =>
                        AnswerRtp(offer, offered, mid, transport, setup, codecs, headerExtensions, producers),
                    "application" when transport.Sctp is not null && offered.Protocol.EndsWith("DTLS/SCTP", StringComparison.Ordinal) =>
                        AnswerDataChannel(offered, mid, transport, setup, transport.Sctp),
                    _ => null,
                };
                if (section is not null && remoteIce is null)
                {
                    // With BUNDLE every accepted section shares the first one's transport (RFC 8843 §7.3.1).
                    remoteIce = ice;
                    remoteDtls = dtls;
                    localRole = setup == SdpSetupRole.Passive ? DtlsRole.Server : DtlsRole.Client;
                }
            }
            if (section is null)
            {
                section = SdpSectionWriter.Rejected(offered.Kind, offered.Protocol, offered.Formats.Take(1), mid);
                if (mid is not null)
                {
                    rejected.Add(mid);
                }
            }
            else
            {
                accepted.Add(mid!);
            }
            answer.Media.Add(section);
        }

        if (remoteIce is null || remoteDtls is null)
        {
            throw new SdpNegotiationException("the offer has no m-section the SFU can accept");
        }
        AddSessionAttributes(offer, answer, accepted);
        return new PublisherAnswer(answer, producers, remoteIce, remoteDtls, localRole, rejected);
    }

    private static void AddSessionAttributes(SessionDescription offer, SessionDescription answer, HashSet<string> accepted)
    {
        var bundle = offer.Groups.FirstOrDefault(g => g.Semantics == GroupAttribute.Bundle);
        if (bundle is not null)
        {
            answer.Add(new GroupAttribute(GroupAttribute.Bundle, [.. bundle.Mids.Where(accepted.Contains)]));
        }
        if (offer.ExtmapAllowMixed)
        {
            answer.AddFlag("extmap-allow-mixed");
        }
        answer.Add(new MsidSemanticAttribute("WMS", ValueList<string>.Empty));
    }

    private static MediaDescription AnswerDataChannel(MediaDescription offered, string mid, TransportParameters transport, SdpSetupRole setup, SctpParameters sctp)
    {
        var media = SdpSectionWriter.NewMedia(offered.Kind, offered.Protocol, offered.Formats, transport);
        SdpSectionWriter.AddIceAndDtls(media, transport, setup);
        media.Add(new MidAttribute(mid));
        media.Add(new SctpPortAttribute(sctp.Port));
        media.Add(new MaxMessageSizeAttribute(sctp.MaxMessageSize));
        SdpSectionWriter.AddCandidates(media, transport);
        return media;
    }

    /// <summary>A random 62-bit session id, as RFC 8829 §5.2.1 recommends (positive when read as signed).</summary>
    internal static ulong NewSessionId() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 2;
}
