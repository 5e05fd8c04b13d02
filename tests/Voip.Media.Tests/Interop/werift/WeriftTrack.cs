namespace Voip.Media.Tests.Interop.Werift;

/// <summary>One of the werift peer's m-lines (transceivers), in offer order, with what it has sent.</summary>
/// <param name="Index">Position in the offer; also the track number for <see cref="WeriftPeer.StartSendingAsync(int, double, WeriftSendOptions?)"/>.</param>
/// <param name="Mid">The negotiated mid (null before the offer is created).</param>
/// <param name="Ssrc">The SSRC werift sends this track with.</param>
/// <param name="Codec">The negotiated send codec's MIME type, once an answer is applied.</param>
public sealed record WeriftTrack(
    int Index,
    string Kind,
    string Direction,
    string? Mid,
    uint Ssrc,
    bool Sending,
    long PacketsSent,
    long BytesSent,
    long FramesSent,
    long KeyFramesSent,
    int PlisReceived,
    int NacksReceived,
    string? Codec);
