namespace Voip.Media.Tests.Interop.Werift;

/// <summary>Everything the werift peer received on one m-line (all SSRCs routed to that mid).</summary>
public sealed record WeriftReceivedMid(
    string? Mid,
    string Kind,
    long Packets,
    long Bytes,
    long KeyFrames,
    IReadOnlyList<uint> Ssrcs);
