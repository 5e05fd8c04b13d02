using System.Runtime.Intrinsics;
using Voip.Media.Srtp;
using Voip.Media.Srtp.Crypto;

namespace Voip.Media.Tests.Srtp;

/// <summary>RFC 3711 appendix B test vectors: B.2 (AES-CM keystream) and B.3 (key derivation).</summary>
public class Rfc3711AppendixBTests
{
    private static readonly bool[] HardwareModes = [true, false];

    [TestCaseSource(nameof(HardwareModes))]
    public void B2_AesCounterModeKeystream(bool hardware)
    {
        byte[] sessionKey = Hex.Parse("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] sessionSalt = Hex.Parse("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
        using var aes = new AesBlockCipher(sessionKey, hardware);

        // SSRC 0 and index 0: the IV is just the salt times 2^16.
        var iv = new byte[16];
        sessionSalt.CopyTo(iv, 0);
        var keystream = new byte[48];
        AesCounterMode.Transform(aes, Vector128.Create<byte>(iv), keystream, keystream);

        Assert.That(Hex.Of(keystream), Is.EqualTo(Hex.Of(Hex.Parse(
            "E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"))));
    }

    [Test]
    public void B2_KeystreamThroughAnSrtpPacket()
    {
        // The same keystream appears as the payload when an all-zero payload is protected with SSRC 0, SEQ 0.
        byte[] sessionKey = Hex.Parse("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] sessionSalt = Hex.Parse("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
        using var ctx = new SrtpContext(SrtpProfile.Aes128CmHmacSha1_80, sessionKey, sessionSalt, new byte[20], sessionKey, sessionSalt, new byte[20], allowHardware: true);
        var packet = new byte[12 + 48 + 10];
        packet[0] = 0x80;
        Assert.That(ctx.ProtectRtp(packet, 60, out int length), Is.EqualTo(SrtpResult.Ok));
        Assert.That(length, Is.EqualTo(70));
        Assert.That(Hex.Of(packet.AsSpan(12, 16)), Is.EqualTo("e03ead0935c95e80e166b16dd92b4eb4"));
    }

    [TestCaseSource(nameof(HardwareModes))]
    public void B3_KeyDerivation(bool hardware)
    {
        byte[] masterKey = Hex.Parse("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = Hex.Parse("0EC675AD498AFEEBB6960B3AABE6");
        using var prf = new AesBlockCipher(masterKey, hardware);

        var cipherKey = new byte[16];
        var cipherSalt = new byte[14];
        var authKey = new byte[94];
        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.LabelRtpEncryption, cipherKey);
        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.LabelRtpSalt, cipherSalt);
        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.LabelRtpAuthentication, authKey);

        Assert.That(Hex.Of(cipherKey), Is.EqualTo("c61e7a93744f39ee10734afe3ff7a087"));
        Assert.That(Hex.Of(cipherSalt), Is.EqualTo("30cbbc08863d8c85d49db34a9ae1"));
        Assert.That(Hex.Of(authKey), Is.EqualTo(Hex.Of(Hex.Parse(
            "CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE E049646C43D9327AD175578EF7227098" +
            "6371C10C9A369AC2F94A8C5FBCDDDC25 6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2"))));
    }
}
