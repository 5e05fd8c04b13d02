namespace Voip.Media.Client;

/// <summary>
/// Receives one decrypted RTP (or RTCP) packet on the peer's receive thread. The span is only valid during
/// the call; the handler must not block.
/// </summary>
public delegate void WebRtcClientPacketHandler(WebRtcClientPeer peer, ReadOnlySpan<byte> packet);
