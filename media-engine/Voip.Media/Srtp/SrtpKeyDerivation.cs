using System.Runtime.Intrinsics;
using Voip.Media.Srtp.Crypto;

namespace Voip.Media.Srtp;

/// <summary>
/// The SRTP key derivation function (RFC 3711 §4.3.1) with a key derivation rate of 0, so it runs once
/// per master key: <c>x = label·2^48 ⊕ master_salt</c>, output = AES-CM keystream under the master key
/// with IV <c>x·2^16</c>. AES-256 master keys use the same construction with AES-256 (RFC 6188 §7), and
/// the 96-bit GCM salt is multiplied by 2^16 first (RFC 7714 §11, erratum 4938), i.e. zero-padded.
/// </summary>
internal static class SrtpKeyDerivation
{
    public const byte LabelRtpEncryption = 0;
    public const byte LabelRtpAuthentication = 1;
    public const byte LabelRtpSalt = 2;
    public const byte LabelRtcpEncryption = 3;
    public const byte LabelRtcpAuthentication = 4;
    public const byte LabelRtcpSalt = 5;

    /// <param name="prf">AES keyed with the master key.</param>
    /// <param name="masterSalt">12 or 14 bytes.</param>
    public static void Derive(AesBlockCipher prf, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= label;
        output.Clear();
        AesCounterMode.Transform(prf, Vector128.Create<byte>(iv), output, output);
    }
}
