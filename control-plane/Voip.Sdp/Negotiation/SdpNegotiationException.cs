namespace Voip.Sdp;

/// <summary>
/// A well-formed SDP that cannot be negotiated (no ICE credentials, no fingerprint, an answer whose
/// m-sections do not match the offer, ...). Parse errors are <see cref="SdpParseException"/>.
/// </summary>
public sealed class SdpNegotiationException(string message) : Exception(message);
