namespace Voip.LoadGen;

/// <summary>
/// P publishers × S subscribers on one router. <see cref="Mesh"/>: every peer publishes and subscribes to
/// all the others (an audio conference); otherwise publishers and subscribers are distinct peers and
/// every subscriber takes every publisher. <see cref="Echo"/>: the engine has no routers yet — each peer is
/// its own subscriber through the transport echo (1→1).
/// </summary>
internal sealed record Scenario(string Name, bool Video, int Publishers, int Subscribers, bool Mesh, double PacketsPerSecond, int PayloadLength, bool Echo = false)
{
    public int PeerCount => Mesh || Echo ? Publishers : Publishers + Subscribers;

    /// <summary>Copies per second the forwarder must send.</summary>
    public double ForwardedPerSecond => Publishers * PacketsPerSecond * (Echo ? 1 : Mesh ? Publishers - 1 : Subscribers);

    public string Shape => Echo ? $"{Publishers} echo" : Mesh ? $"{Publishers} peers mesh" : $"{Publishers}→{Subscribers}";

    /// <summary>1200 bytes on the wire for video (20-byte header with abs-send-time + payload + 16-byte GCM tag).</summary>
    public static int VideoPayloadFor(int wireBytes) => wireBytes - RtpPacketBuilder.VideoHeaderLength - 16;
}
