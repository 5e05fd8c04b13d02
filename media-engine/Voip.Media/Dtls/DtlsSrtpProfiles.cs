using Voip.Media.Srtp;

namespace Voip.Media.Dtls;

/// <summary>
/// Key sizes of the DTLS-SRTP profiles and the RFC 5764 §4.2 split of the exported keying material.
/// </summary>
internal static class DtlsSrtpProfiles
{
    /// <summary>RFC 5764 §4.2 exporter label.</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    public static bool IsSupported(SrtpProfile profile) =>
        profile is SrtpProfile.Aes128CmHmacSha1_80 or SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm;

    /// <summary>Master key and master salt lengths in bytes (RFC 5764 §4.1.2, RFC 7714 §12).</summary>
    public static (int KeyLength, int SaltLength) Lengths(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => (16, 14),
        SrtpProfile.AeadAes128Gcm => (16, 12),
        SrtpProfile.AeadAes256Gcm => (32, 12),
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    /// <summary>Bytes to export for <paramref name="profile"/>: two keys and two salts.</summary>
    public static int ExportLength(SrtpProfile profile)
    {
        (int k, int s) = Lengths(profile);
        return 2 * (k + s);
    }

    /// <summary>
    /// RFC 5764 §4.2: the exporter output is client_write_SRTP_master_key | server_write_SRTP_master_key |
    /// client_write_SRTP_master_salt | server_write_SRTP_master_salt. "Local" is what we protect with.
    /// </summary>
    public static SrtpKeyingMaterial Split(SrtpProfile profile, ReadOnlySpan<byte> exported, DtlsRole role)
    {
        (int k, int s) = Lengths(profile);
        if (exported.Length != 2 * (k + s))
            throw new ArgumentException("Exported keying material has the wrong length.", nameof(exported));

        byte[] clientKey = exported.Slice(0, k).ToArray();
        byte[] serverKey = exported.Slice(k, k).ToArray();
        byte[] clientSalt = exported.Slice(2 * k, s).ToArray();
        byte[] serverSalt = exported.Slice(2 * k + s, s).ToArray();

        return role == DtlsRole.Client
            ? new SrtpKeyingMaterial(profile, clientKey, clientSalt, serverKey, serverSalt)
            : new SrtpKeyingMaterial(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    /// <summary>Server side: the first profile in our preference that the client offered.</summary>
    public static SrtpProfile Select(ReadOnlySpan<SrtpProfile> preference, ReadOnlySpan<int> offered)
    {
        foreach (SrtpProfile p in preference)
        {
            foreach (int o in offered)
            {
                if (o == (int)p)
                    return p;
            }
        }
        return SrtpProfile.None;
    }
}
