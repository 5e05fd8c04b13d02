namespace Voip.Sdp;

/// <summary>What a subscriber's answer tells the SFU: its ICE/DTLS parameters and what it accepted per mid.</summary>
public sealed record SubscriberAnswer(
    IceParameters RemoteIce,
    DtlsParameters RemoteDtls,
    DtlsRole LocalDtlsRole,
    IReadOnlyDictionary<string, IReadOnlyList<RtpCodecParameters>> CodecsByMid,
    IReadOnlyList<string> RejectedMids);
