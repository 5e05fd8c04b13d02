using Voip.Media.Net;

namespace Voip.Media.Transport;

/// <summary>
/// An immutable holder so another thread (the DTLS handshake thread) can read the transport's
/// current remote address without tearing the 32-byte struct: the shard thread swaps in a new box
/// on the rare occasions the address changes (first check, nomination, NAT rebinding).
/// </summary>
internal sealed class EndpointBox(UdpEndpoint value)
{
    public UdpEndpoint Value { get; } = value;
}
