namespace Voip.Media.Srtp;

/// <summary>
/// What a DTLS-SRTP handshake yields (RFC 5764 §4.2): the negotiated profile and one master
/// key + salt per direction, already split into "ours" (we protect with it) and "theirs"
/// (we unprotect with it) according to our DTLS role.
/// </summary>
public sealed record SrtpKeyingMaterial(
    SrtpProfile Profile,
    byte[] LocalMasterKey,
    byte[] LocalMasterSalt,
    byte[] RemoteMasterKey,
    byte[] RemoteMasterSalt);
