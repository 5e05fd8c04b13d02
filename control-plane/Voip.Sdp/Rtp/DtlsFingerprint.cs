namespace Voip.Sdp;

/// <summary>A certificate fingerprint: hash name (<c>sha-256</c>) and colon-separated upper-case hex.</summary>
public sealed record DtlsFingerprint(string Algorithm, string Value);
