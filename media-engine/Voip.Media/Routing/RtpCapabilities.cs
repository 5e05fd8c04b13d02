namespace Voip.Media.Routing;

/// <summary>What a receiver can take: codecs with its payload types, and header extensions with its ids.</summary>
public sealed record RtpCapabilities(IReadOnlyList<RtpCodec> Codecs, IReadOnlyList<RtpHeaderExtension> HeaderExtensions);
