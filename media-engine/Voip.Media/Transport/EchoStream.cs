namespace Voip.Media.Transport;

/// <summary>One echoed stream: RTP the peer sends on <see cref="InputSsrc"/> comes back to it on
/// <see cref="OutputSsrc"/> (the SSRC its answer announced for what it receives).</summary>
public readonly record struct EchoStream(uint InputSsrc, uint OutputSsrc);
