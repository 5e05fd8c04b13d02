namespace Voip.Sdp;

/// <summary>DTLS role and certificate fingerprints of one side (RFC 8842).</summary>
public sealed record DtlsParameters(DtlsRole Role, ValueList<DtlsFingerprint> Fingerprints);
