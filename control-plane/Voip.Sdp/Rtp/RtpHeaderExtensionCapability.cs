namespace Voip.Sdp;

/// <summary>A header extension URI the SFU understands for a kind of media.</summary>
public sealed record RtpHeaderExtensionCapability(MediaKind Kind, string Uri);
