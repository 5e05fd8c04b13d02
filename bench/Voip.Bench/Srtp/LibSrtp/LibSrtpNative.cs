using System.Runtime.InteropServices;

namespace Voip.Bench.Srtp.LibSrtp;

/// <summary>
/// P/Invoke surface of libsrtp 2.x (Debian <c>libsrtp2-1</c>), the reference SRTP implementation this
/// project checks itself against and benchmarks against. Shared by the benchmarks and (linked) the
/// interop tests.
/// </summary>
internal static unsafe partial class LibSrtpNative
{
    public const string LibraryName = "libsrtp2.so.1";

    // srtp_err_status_t values used by the tests.
    public const int Ok = 0;
    public const int AuthFail = 7;
    public const int ReplayFail = 9;
    public const int ReplayOld = 10;

    // srtp_ssrc_type_t
    public const int SsrcAnyInbound = 2;
    public const int SsrcAnyOutbound = 3;

    // srtp_policy_t (libsrtp 2.x, x86-64): 128 bytes.
    public const int PolicySize = 128;
    public const int PolicySsrcType = 0;
    public const int PolicyRtp = 8;
    public const int PolicyRtcp = 32;
    public const int PolicyKey = 56;
    public const int PolicyWindowSize = 88;
    public const int PolicyAllowRepeatTx = 96;
    public const int PolicyNext = 120;

    [LibraryImport(LibraryName)]
    public static partial int srtp_init();

    [LibraryImport(LibraryName)]
    public static partial int srtp_create(out IntPtr session, byte* policy);

    [LibraryImport(LibraryName)]
    public static partial int srtp_dealloc(IntPtr session);

    /// <summary>Drops the stream of <paramref name="ssrcNetworkOrder"/> (libsrtp compares SSRCs in network byte order).</summary>
    [LibraryImport(LibraryName)]
    public static partial int srtp_remove_stream(IntPtr session, uint ssrcNetworkOrder);

    [LibraryImport(LibraryName)]
    public static partial int srtp_protect(IntPtr session, byte* packet, ref int length);

    [LibraryImport(LibraryName)]
    public static partial int srtp_unprotect(IntPtr session, byte* packet, ref int length);

    [LibraryImport(LibraryName)]
    public static partial int srtp_protect_rtcp(IntPtr session, byte* packet, ref int length);

    [LibraryImport(LibraryName)]
    public static partial int srtp_unprotect_rtcp(IntPtr session, byte* packet, ref int length);

    [LibraryImport(LibraryName)]
    public static partial void srtp_crypto_policy_set_rtp_default(byte* cryptoPolicy);

    [LibraryImport(LibraryName)]
    public static partial void srtp_crypto_policy_set_rtcp_default(byte* cryptoPolicy);

    [LibraryImport(LibraryName)]
    public static partial void srtp_crypto_policy_set_aes_gcm_128_16_auth(byte* cryptoPolicy);

    [LibraryImport(LibraryName)]
    public static partial void srtp_crypto_policy_set_aes_gcm_256_16_auth(byte* cryptoPolicy);
}
