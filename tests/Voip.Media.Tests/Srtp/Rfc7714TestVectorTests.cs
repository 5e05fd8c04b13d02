using Voip.Media.Srtp;

namespace Voip.Media.Tests.Srtp;

/// <summary>
/// RFC 7714 §16 (AEAD_AES_128_GCM) and §17 (AEAD_AES_256_GCM) vectors. They give session key and salt
/// directly, so the context is built from session keys; §16.2/§17.2 use SRTCP index 0x5d4.
/// </summary>
public class Rfc7714TestVectorTests
{
    private const string Key128 = "000102030405060708090a0b0c0d0e0f";
    private const string Key256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string Salt = "517569642070726f2071756f";

    private const string RtpPlain =
        "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573";

    private const string RtcpPlain =
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef";

    public static IEnumerable<TestCaseData> RtpCases()
    {
        foreach (bool hw in new[] { true, false })
        {
            yield return new TestCaseData(SrtpProfile.AeadAes128Gcm, Key128, hw,
                "8040f17b8041f8d35501a0b2 f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833 899d7f27beb16a9152cf765ee4390cce")
                .SetName($"Section16_1_Srtp_Aes128Gcm(hw={hw})");
            yield return new TestCaseData(SrtpProfile.AeadAes256Gcm, Key256, hw,
                "8040f17b8041f8d35501a0b2 32b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b 7aa3db36dfffd6b0f9bb7878d7a76c13")
                .SetName($"Section17_1_Srtp_Aes256Gcm(hw={hw})");
        }
    }

    public static IEnumerable<TestCaseData> RtcpCases()
    {
        foreach (bool hw in new[] { true, false })
        {
            yield return new TestCaseData(SrtpProfile.AeadAes128Gcm, Key128, hw,
                "81c8000d4d617273 63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275b" +
                "c84aa45896cf4d2fc5abf87245d9eade 800005d4")
                .SetName($"Section16_2_Srtcp_Aes128Gcm(hw={hw})");
            yield return new TestCaseData(SrtpProfile.AeadAes256Gcm, Key256, hw,
                "81c8000d4d617273 d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de047" +
                "6f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be 800005d4")
                .SetName($"Section17_2_Srtcp_Aes256Gcm(hw={hw})");
        }
    }

    private static SrtpContext Create(SrtpProfile profile, string key, bool hw)
    {
        byte[] k = Hex.Parse(key);
        byte[] s = Hex.Parse(Salt);
        return new SrtpContext(profile, k, s, default, k, s, default, hw);
    }

    [TestCaseSource(nameof(RtpCases))]
    public void Srtp(SrtpProfile profile, string key, bool hw, string expected)
    {
        byte[] plain = Hex.Parse(RtpPlain);
        var buffer = new byte[plain.Length + 16];
        plain.CopyTo(buffer, 0);
        using (SrtpContext sender = Create(profile, key, hw))
        {
            Assert.That(sender.ProtectRtp(buffer, plain.Length, out int length), Is.EqualTo(SrtpResult.Ok));
            Assert.That(Hex.Of(buffer.AsSpan(0, length)), Is.EqualTo(Hex.Of(Hex.Parse(expected))));
        }

        using SrtpContext receiver = Create(profile, key, hw);
        Assert.That(receiver.UnprotectRtp(buffer, buffer.Length, out int plainLength), Is.EqualTo(SrtpResult.Ok));
        Assert.That(Hex.Of(buffer.AsSpan(0, plainLength)), Is.EqualTo(Hex.Of(plain)));
    }

    [TestCaseSource(nameof(RtcpCases))]
    public void Srtcp(SrtpProfile profile, string key, bool hw, string expected)
    {
        byte[] plain = Hex.Parse(RtcpPlain);
        var buffer = new byte[plain.Length + 20];
        plain.CopyTo(buffer, 0);
        using (SrtpContext sender = Create(profile, key, hw))
        {
            sender.SetNextSrtcpIndex(0x4d617273, 0x5d4);
            Assert.That(sender.ProtectRtcp(buffer, plain.Length, out int length), Is.EqualTo(SrtpResult.Ok));
            Assert.That(Hex.Of(buffer.AsSpan(0, length)), Is.EqualTo(Hex.Of(Hex.Parse(expected))));
        }

        using SrtpContext receiver = Create(profile, key, hw);
        Assert.That(receiver.UnprotectRtcp(buffer, buffer.Length, out int plainLength), Is.EqualTo(SrtpResult.Ok));
        Assert.That(Hex.Of(buffer.AsSpan(0, plainLength)), Is.EqualTo(Hex.Of(plain)));
    }
}
