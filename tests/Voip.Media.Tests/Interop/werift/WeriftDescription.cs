namespace Voip.Media.Tests.Interop.Werift;

/// <summary>An SDP werift produced (offer or answer) and its transceivers at that point.</summary>
public sealed record WeriftDescription(string Sdp, IReadOnlyList<WeriftTrack> Tracks);
