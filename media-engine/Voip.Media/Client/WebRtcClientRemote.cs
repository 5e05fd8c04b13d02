using System.Net;
using Voip.Media.Dtls;

namespace Voip.Media.Client;

/// <summary>
/// What signaling tells a client about the engine's side of a transport: the ICE candidate to check,
/// the ICE-lite credentials (RFC 8445 §5.3) and the DTLS certificate fingerprint (RFC 8122 §5).
/// </summary>
public sealed record WebRtcClientRemote(IPEndPoint EndPoint, string UsernameFragment, string Password, DtlsFingerprint Fingerprint);
