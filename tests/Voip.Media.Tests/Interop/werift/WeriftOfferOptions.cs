namespace Voip.Media.Tests.Interop.Werift;

/// <summary>What the werift peer offers: m-lines that send (and by default also receive) and m-lines that only receive.</summary>
public sealed record WeriftOfferOptions
{
    /// <summary>Kinds ("audio"/"video") of sending m-lines, in offer order.</summary>
    public IReadOnlyList<string> Send { get; init; } = [];

    /// <summary>Direction of the sending m-lines: "sendrecv" (echo, loopback) or "sendonly" (a pure publisher).</summary>
    public string SendDirection { get; init; } = "sendrecv";

    /// <summary>Kinds of recvonly m-lines, after the sending ones.</summary>
    public IReadOnlyList<string> Receive { get; init; } = [];

    /// <summary>Video codecs in preference order: "VP8" (payload type 96) and/or "H264" (98).</summary>
    public IReadOnlyList<string> VideoCodecs { get; init; } = ["VP8"];

    /// <summary>RTP header extensions to offer: "mid", "abs-send-time", "audio-level", "twcc".</summary>
    public IReadOnlyList<string> HeaderExtensions { get; init; } = ["mid", "abs-send-time", "audio-level"];
}
