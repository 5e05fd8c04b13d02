using Voip.Media.Srtp;

namespace Voip.Media.Dtls;

/// <summary>Tunables of a <see cref="DtlsSession"/>. One instance may be shared by all sessions of an engine.</summary>
public sealed class DtlsOptions
{
    /// <summary>Shared defaults.</summary>
    public static DtlsOptions Default { get; } = new();

    /// <summary>
    /// SRTP protection profiles in preference order. A client offers them in this order; a server picks the
    /// first of these that the client offered (RFC 5764 §4.1.1 leaves the choice to the server).
    /// GCM first: RFC 7714 AEAD is cheaper per packet than AES-CM + HMAC-SHA1 on AES-NI hardware.
    /// </summary>
    public SrtpProfile[] ProfilePreference { get; init; } =
        [SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm, SrtpProfile.Aes128CmHmacSha1_80];

    /// <summary>Whole handshake budget, HelloVerifyRequest exchange included.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest datagram we send; handshake messages are fragmented to fit (RFC 6347 §4.2.3).</summary>
    public int Mtu { get; init; } = 1200;

    /// <summary>Largest inbound datagram accepted; bigger ones are dropped and counted.</summary>
    public int MaxDatagramSize { get; init; } = 4096;

    /// <summary>
    /// Bound of the inbound queue between the shard thread and the DTLS thread. A handshake needs a handful of
    /// datagrams; anything beyond the bound is a flood and is dropped (and counted) rather than buffered.
    /// </summary>
    public int MaxQueuedDatagrams { get; init; } = 64;

    /// <summary>Initial retransmission timer (RFC 6347 §4.2.4.1 recommends 1 s; it doubles on each resend).</summary>
    public TimeSpan InitialRetransmitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Server only: answer a ClientHello without a valid cookie with a HelloVerifyRequest (RFC 6347 §4.2.1).</summary>
    public bool UseHelloVerifyRequest { get; init; } = true;

    internal void Validate()
    {
        if (ProfilePreference is null || ProfilePreference.Length == 0)
            throw new ArgumentException("At least one SRTP profile is required.", nameof(ProfilePreference));
        foreach (SrtpProfile p in ProfilePreference)
        {
            if (!DtlsSrtpProfiles.IsSupported(p))
                throw new ArgumentException($"Unsupported SRTP profile {p}.", nameof(ProfilePreference));
        }
        if (HandshakeTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(HandshakeTimeout), "Must be positive.");
        if (Mtu < 256 || Mtu > 65507)
            throw new ArgumentOutOfRangeException(nameof(Mtu), "Must be within 256..65507.");
        if (MaxDatagramSize < 256 || MaxDatagramSize > 65507)
            throw new ArgumentOutOfRangeException(nameof(MaxDatagramSize), "Must be within 256..65507.");
        if (MaxQueuedDatagrams < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxQueuedDatagrams), "Must be at least 1.");
        if (InitialRetransmitTimeout < TimeSpan.FromMilliseconds(10))
            throw new ArgumentOutOfRangeException(nameof(InitialRetransmitTimeout), "Must be at least 10 ms.");
    }
}
