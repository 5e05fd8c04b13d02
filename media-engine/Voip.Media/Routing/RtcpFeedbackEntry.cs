namespace Voip.Media.Routing;

/// <summary>One a=rtcp-fb value (RFC 4585 §4.2): a type ("nack", "ccm", "goog-remb", "transport-cc") and an optional parameter ("pli", "fir").</summary>
public readonly record struct RtcpFeedbackEntry(string Type, string Parameter = "");
