namespace Voip.Sdp;

/// <summary>The SFU side of one WebRTC transport: ICE-lite credentials and candidates, DTLS fingerprints, optional SCTP.</summary>
public sealed record TransportParameters(
    IceParameters Ice,
    IReadOnlyList<IceCandidate> Candidates,
    DtlsParameters Dtls,
    SctpParameters? Sctp = null);
