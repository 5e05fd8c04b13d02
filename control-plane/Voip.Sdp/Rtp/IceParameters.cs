namespace Voip.Sdp;

/// <summary>ICE credentials (RFC 8839 §5.4) and whether the agent is ICE-lite (RFC 8445 §2.5).</summary>
public sealed record IceParameters(string Ufrag, string Pwd, bool Lite = false);
