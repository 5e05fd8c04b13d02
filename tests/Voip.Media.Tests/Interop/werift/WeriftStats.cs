namespace Voip.Media.Tests.Interop.Werift;

/// <summary>A snapshot of the werift peer: connection states, its tracks, and what it received.</summary>
/// <param name="SrtpProfile">werift's numbering of the negotiated profile (1 = AES128_CM_HMAC_SHA1_80, 7 = AEAD_AES_128_GCM), null before DTLS.</param>
public sealed record WeriftStats(
    string ConnectionState,
    string IceConnectionState,
    string DtlsState,
    int? SrtpProfile,
    IReadOnlyList<WeriftTrack> Tracks,
    IReadOnlyList<WeriftReceivedStream> Received,
    IReadOnlyList<WeriftReceivedMid> ReceivedByMid)
{
    public WeriftReceivedStream? BySsrc(uint ssrc) => Received.FirstOrDefault(r => r.Ssrc == ssrc);

    public WeriftReceivedMid? ByMid(string mid) => ReceivedByMid.FirstOrDefault(r => r.Mid == mid);

    public long PacketsReceived(string kind) => Received.Where(r => r.Kind == kind).Sum(r => r.Packets);

    public long KeyFramesReceived => Received.Sum(r => r.KeyFrames);

    public override string ToString() =>
        $"{ConnectionState}/ice {IceConnectionState}/dtls {DtlsState} srtp {SrtpProfile}; sent " +
        string.Join(", ", Tracks.Select(t => $"[{t.Mid} {t.Kind} {t.PacketsSent} pkts {t.KeyFramesSent} key]")) +
        "; received " + string.Join(", ", Received.Select(r => $"[{r.Mid} {r.Kind} ssrc {r.Ssrc} {r.Packets} pkts {r.KeyFrames} key" +
            (r.Frames > 0 ? $" {r.Frames} frames ({r.CompleteKeyFrames} key, {r.IncompleteFrames} incomplete) {r.Width}x{r.Height}]" : "]")));
}
