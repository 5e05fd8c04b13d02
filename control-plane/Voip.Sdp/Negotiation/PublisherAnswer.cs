namespace Voip.Sdp;

/// <summary>
/// The result of answering a publisher's offer: the answer to send back, the producers to create, the
/// browser's ICE/DTLS parameters (to connect the engine transport) and the DTLS role the SFU takes.
/// </summary>
public sealed record PublisherAnswer(
    SessionDescription Answer,
    IReadOnlyList<ProducerParameters> Producers,
    IceParameters RemoteIce,
    DtlsParameters RemoteDtls,
    DtlsRole LocalDtlsRole,
    IReadOnlyList<string> RejectedMids);
