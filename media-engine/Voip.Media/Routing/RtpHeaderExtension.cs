namespace Voip.Media.Routing;

/// <summary>A negotiated header extension (a=extmap, RFC 8285 §5): its URI and the id one side uses.</summary>
public readonly record struct RtpHeaderExtension(string Uri, byte Id);
