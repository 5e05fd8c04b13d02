using System.Runtime.InteropServices;
using Voip.Media.Srtp;

namespace Voip.Bench.Srtp.LibSrtp;

/// <summary>
/// One libsrtp session for one direction (any inbound or any outbound SSRC), configured like
/// <see cref="SrtpContext"/>: replay window 128, no repeated transmission.
/// </summary>
internal sealed unsafe class LibSrtpSession : IDisposable
{
    private static readonly object InitLock = new();
    private static bool? _available;
    private IntPtr _session;

    public LibSrtpSession(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, bool outbound)
    {
        EnsureInitialized();
        byte* policy = stackalloc byte[LibSrtpNative.PolicySize];
        new Span<byte>(policy, LibSrtpNative.PolicySize).Clear();
        switch (profile)
        {
            case SrtpProfile.Aes128CmHmacSha1_80:
                LibSrtpNative.srtp_crypto_policy_set_rtp_default(policy + LibSrtpNative.PolicyRtp);
                LibSrtpNative.srtp_crypto_policy_set_rtcp_default(policy + LibSrtpNative.PolicyRtcp);
                break;
            case SrtpProfile.AeadAes128Gcm:
                LibSrtpNative.srtp_crypto_policy_set_aes_gcm_128_16_auth(policy + LibSrtpNative.PolicyRtp);
                LibSrtpNative.srtp_crypto_policy_set_aes_gcm_128_16_auth(policy + LibSrtpNative.PolicyRtcp);
                break;
            case SrtpProfile.AeadAes256Gcm:
                LibSrtpNative.srtp_crypto_policy_set_aes_gcm_256_16_auth(policy + LibSrtpNative.PolicyRtp);
                LibSrtpNative.srtp_crypto_policy_set_aes_gcm_256_16_auth(policy + LibSrtpNative.PolicyRtcp);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(profile));
        }

        // libsrtp reads key || salt from one buffer (it copies it during srtp_create).
        byte* key = stackalloc byte[masterKey.Length + masterSalt.Length];
        masterKey.CopyTo(new Span<byte>(key, masterKey.Length));
        masterSalt.CopyTo(new Span<byte>(key + masterKey.Length, masterSalt.Length));
        *(int*)(policy + LibSrtpNative.PolicySsrcType) = outbound ? LibSrtpNative.SsrcAnyOutbound : LibSrtpNative.SsrcAnyInbound;
        *(IntPtr*)(policy + LibSrtpNative.PolicyKey) = (IntPtr)key;
        *(ulong*)(policy + LibSrtpNative.PolicyWindowSize) = 128;
        *(int*)(policy + LibSrtpNative.PolicyAllowRepeatTx) = 0;
        int status = LibSrtpNative.srtp_create(out _session, policy);
        new Span<byte>(key, masterKey.Length + masterSalt.Length).Clear();
        if (status != LibSrtpNative.Ok)
        {
            throw new InvalidOperationException($"srtp_create failed with status {status}.");
        }
    }

    /// <summary>True when libsrtp2.so.1 can be loaded and initialised.</summary>
    public static bool IsAvailable
    {
        get
        {
            lock (InitLock)
            {
                if (_available is null)
                {
                    _available = NativeLibrary.TryLoad(LibSrtpNative.LibraryName, typeof(LibSrtpSession).Assembly, null, out _)
                        && LibSrtpNative.srtp_init() == LibSrtpNative.Ok;
                }

                return _available.Value;
            }
        }
    }

    public const string InstallHint = "libsrtp2 is not installed: run `apt-get install -y libsrtp2-1` (Debian) to enable the libsrtp2 cross-checks.";

    private static void EnsureInitialized()
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException(InstallHint);
        }
    }

    /// <summary>Protects <c>buffer[..length]</c> in place; returns libsrtp's status code.</summary>
    public int ProtectRtp(Span<byte> buffer, ref int length)
    {
        fixed (byte* p = buffer)
        {
            return LibSrtpNative.srtp_protect(_session, p, ref length);
        }
    }

    public int UnprotectRtp(Span<byte> buffer, ref int length)
    {
        fixed (byte* p = buffer)
        {
            return LibSrtpNative.srtp_unprotect(_session, p, ref length);
        }
    }

    public int ProtectRtcp(Span<byte> buffer, ref int length)
    {
        fixed (byte* p = buffer)
        {
            return LibSrtpNative.srtp_protect_rtcp(_session, p, ref length);
        }
    }

    public int UnprotectRtcp(Span<byte> buffer, ref int length)
    {
        fixed (byte* p = buffer)
        {
            return LibSrtpNative.srtp_unprotect_rtcp(_session, p, ref length);
        }
    }

    /// <summary>Forgets one SSRC's stream state (ROC, replay window); the next packet re-creates it from the template.</summary>
    public int RemoveStream(uint ssrc) =>
        LibSrtpNative.srtp_remove_stream(_session, System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(ssrc));

    public void Dispose()
    {
        if (_session != IntPtr.Zero)
        {
            LibSrtpNative.srtp_dealloc(_session);
            _session = IntPtr.Zero;
        }
    }
}
