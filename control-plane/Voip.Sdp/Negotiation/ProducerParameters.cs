namespace Voip.Sdp;

/// <summary>What the control plane passes to the engine's produce call for one m-section of a publisher's offer.</summary>
public sealed record ProducerParameters(string Mid, MediaKind Kind, RtpParameters RtpParameters, string? StreamId, string? TrackId);
