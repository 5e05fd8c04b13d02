using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using Voip.Media.Crypto;
using Voip.Media.Srtp.Crypto;

namespace Voip.Media.Srtp;

/// <summary>
/// SRTP and SRTCP (RFC 3711, RFC 7714) for one direction and one master key: a sender's context only
/// protects, a receiver's only unprotects. Session keys are derived once (KDR = 0); per-SSRC state
/// (ROC, highest index, replay windows) lives in a table sized at construction, so the packet path never
/// allocates, locks or throws — every refusal is an <see cref="SrtpResult"/>. Not thread-safe: a context
/// belongs to the one shard thread that owns its transport.
/// </summary>
[SkipLocalsInit]
public sealed partial class SrtpContext : IDisposable
{
    public const int DefaultMaxSsrcs = 64;

    private const int CmTagLength = 10;
    private const int GcmTagLength = 16;
    private const int SrtcpTrailerLength = 4;

    private readonly bool _gcm;
    private readonly int _rtpTagLength;

    // AES_CM_128_HMAC_SHA1_80
    private readonly AesBlockCipher? _rtpCm;
    private readonly AesBlockCipher? _rtcpCm;
    private readonly HmacSha1? _rtpAuth;
    private readonly HmacSha1? _rtcpAuth;

    // AEAD_AES_128_GCM / AEAD_AES_256_GCM
    private readonly AesGcmEngine? _rtpGcm;
    private readonly AesGcmEngine? _rtcpGcm;

    // Session salts, left-aligned, zero-padded to 16 bytes (14 bytes for AES-CM, 12 for GCM).
    private Vector128<byte> _rtpSalt;
    private Vector128<byte> _rtcpSalt;

    private readonly SrtpStreamTable _streams;

    public SrtpContext(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
        : this(profile, masterKey, masterSalt, DefaultMaxSsrcs)
    {
    }

    public SrtpContext(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int maxSsrcs)
        : this(profile, masterKey, masterSalt, maxSsrcs, allowHardware: true)
    {
    }

    /// <param name="allowHardware">false forces the portable code paths (tests compare both).</param>
    internal SrtpContext(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int maxSsrcs, bool allowHardware)
    {
        int keyLength = GetMasterKeyLength(profile);
        int saltLength = GetMasterSaltLength(profile);
        if (masterKey.Length != keyLength)
        {
            throw new ArgumentException($"{profile} needs a {keyLength}-byte master key, got {masterKey.Length}.", nameof(masterKey));
        }

        if (masterSalt.Length != saltLength)
        {
            throw new ArgumentException($"{profile} needs a {saltLength}-byte master salt, got {masterSalt.Length}.", nameof(masterSalt));
        }

        Profile = profile;
        _gcm = profile != SrtpProfile.Aes128CmHmacSha1_80;
        _rtpTagLength = _gcm ? GcmTagLength : CmTagLength;
        _streams = new SrtpStreamTable(maxSsrcs);

        Span<byte> key = stackalloc byte[32];
        Span<byte> salt = stackalloc byte[16];
        Span<byte> auth = stackalloc byte[20];
        using (var prf = new AesBlockCipher(masterKey, allowHardware))
        {
            key = key.Slice(0, keyLength);
            salt.Clear();
            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.LabelRtpEncryption, key);
            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.LabelRtpSalt, salt.Slice(0, saltLength));
            _rtpSalt = Vector128.Create<byte>(salt);
            if (_gcm)
            {
                _rtpGcm = new AesGcmEngine(key, allowHardware);
            }
            else
            {
                _rtpCm = new AesBlockCipher(key, allowHardware);
                SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.LabelRtpAuthentication, auth);
                _rtpAuth = new HmacSha1(auth);
            }

            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.LabelRtcpEncryption, key);
            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.LabelRtcpSalt, salt.Slice(0, saltLength));
            _rtcpSalt = Vector128.Create<byte>(salt);
            if (_gcm)
            {
                _rtcpGcm = new AesGcmEngine(key, allowHardware);
            }
            else
            {
                _rtcpCm = new AesBlockCipher(key, allowHardware);
                SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.LabelRtcpAuthentication, auth);
                _rtcpAuth = new HmacSha1(auth);
            }
        }

        CryptographicOperations.ZeroMemory(key);
        CryptographicOperations.ZeroMemory(salt);
        CryptographicOperations.ZeroMemory(auth);
    }

    /// <summary>Builds a context straight from session keys, skipping the KDF (RFC 7714 §16–17 vectors give these).</summary>
    internal SrtpContext(
        SrtpProfile profile,
        ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtpAuthKey,
        ReadOnlySpan<byte> rtcpKey, ReadOnlySpan<byte> rtcpSalt, ReadOnlySpan<byte> rtcpAuthKey,
        bool allowHardware)
    {
        Profile = profile;
        _gcm = profile != SrtpProfile.Aes128CmHmacSha1_80;
        _rtpTagLength = _gcm ? GcmTagLength : CmTagLength;
        _streams = new SrtpStreamTable(DefaultMaxSsrcs);
        Span<byte> salt = stackalloc byte[16];
        salt.Clear();
        rtpSalt.CopyTo(salt);
        _rtpSalt = Vector128.Create<byte>(salt);
        salt.Clear();
        rtcpSalt.CopyTo(salt);
        _rtcpSalt = Vector128.Create<byte>(salt);
        if (_gcm)
        {
            _rtpGcm = new AesGcmEngine(rtpKey, allowHardware);
            _rtcpGcm = new AesGcmEngine(rtcpKey, allowHardware);
        }
        else
        {
            _rtpCm = new AesBlockCipher(rtpKey, allowHardware);
            _rtcpCm = new AesBlockCipher(rtcpKey, allowHardware);
            _rtpAuth = new HmacSha1(rtpAuthKey);
            _rtcpAuth = new HmacSha1(rtcpAuthKey);
        }
    }

    public SrtpProfile Profile { get; }

    /// <summary>How many SSRCs this context can hold; a packet from one more is refused with <see cref="SrtpResult.TooManySsrcs"/>.</summary>
    public int MaxSsrcs => _streams.MaxStreams;

    /// <summary>SSRCs currently tracked.</summary>
    public int SsrcCount => _streams.Count;

    /// <summary>
    /// Sender only: allow protecting an RTP index that was already protected (a retransmission of the
    /// same packet). Off by default, as in libsrtp, because reusing an index with different plaintext
    /// reuses keystream (and, for GCM, a nonce).
    /// </summary>
    public bool AllowRepeatTransmit { get; set; }

    /// <summary>True when this machine runs the AES-NI (and, for GCM, PCLMULQDQ) code paths.</summary>
    public bool IsHardwareAccelerated => _gcm ? _rtpGcm!.IsHardware : _rtpCm!.IsHardware;

    public static int GetMasterKeyLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 16,
        SrtpProfile.AeadAes128Gcm => 16,
        SrtpProfile.AeadAes256Gcm => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    public static int GetMasterSaltLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 14,
        SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    /// <summary>Bytes SRTP adds to an RTP packet: the 80-bit HMAC tag (RFC 3711 §4.2) or the 128-bit GCM tag (RFC 7714 §7).</summary>
    public static int GetRtpOverhead(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => CmTagLength,
        SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm => GcmTagLength,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    /// <summary>Bytes SRTCP adds to an RTCP packet: the E||index word plus the tag (RFC 3711 §3.4, RFC 7714 §9).</summary>
    public static int GetRtcpOverhead(SrtpProfile profile) => GetRtpOverhead(profile) + SrtcpTrailerLength;

    /// <summary>Forgets an SSRC's state (its ROC and replay windows), freeing its table slot.</summary>
    public bool RemoveSsrc(uint ssrc) => _streams.Remove(ssrc);

    /// <summary>Test hook: the next SRTCP packet protected for <paramref name="ssrc"/> uses <paramref name="nextIndex"/>.</summary>
    internal void SetNextSrtcpIndex(uint ssrc, uint nextIndex)
    {
        int slot = _streams.FindSlot(ssrc, out bool found);
        if (!found)
        {
            _streams.Occupy(slot, ssrc);
        }

        _streams[slot].RtcpIndex = nextIndex - 1;
    }

    /// <summary>Test hook: sets the highest index (ROC || SEQ) an SSRC is known at.</summary>
    internal void SetRtpIndex(uint ssrc, ulong index)
    {
        int slot = _streams.FindSlot(ssrc, out bool found);
        if (!found)
        {
            _streams.Occupy(slot, ssrc);
        }

        _streams[slot].RtpIndex = index;
    }

    public void Dispose()
    {
        _rtpCm?.Dispose();
        _rtcpCm?.Dispose();
        _rtpAuth?.Dispose();
        _rtcpAuth?.Dispose();
        _rtpGcm?.Dispose();
        _rtcpGcm?.Dispose();
        _rtpSalt = default;
        _rtcpSalt = default;
    }

    /// <summary>AES-CM IV (RFC 3711 §4.1.1): (k_s·2^16) ⊕ (SSRC·2^64) ⊕ (index·2^16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> CmIv(Vector128<byte> salt, uint ssrc, ulong index) =>
        salt ^ Vector128.Create(
            (ulong)BinaryPrimitives.ReverseEndianness(ssrc) << 32,
            BinaryPrimitives.ReverseEndianness(index << 16)).AsByte();

    /// <summary>
    /// GCM IV (RFC 7714 §8.1 and §9.1): salt ⊕ (0x0000 || SSRC || w || x), where for SRTP w||x = ROC||SEQ
    /// and for SRTCP w||x = 0x0000 || SRTCP index; both are a 48-bit value in the last six bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> GcmIv(Vector128<byte> salt, uint ssrc, ulong low48)
    {
        // Bytes 0..1 zero, 2..5 SSRC, 6..11 the 48-bit value, 12..15 zero.
        ulong first = ((ulong)BinaryPrimitives.ReverseEndianness(ssrc) << 16)
            | ((ulong)BinaryPrimitives.ReverseEndianness((ushort)(low48 >> 32)) << 48);
        ulong second = BinaryPrimitives.ReverseEndianness((uint)low48);
        return salt ^ Vector128.Create(first, second).AsByte();
    }
}
