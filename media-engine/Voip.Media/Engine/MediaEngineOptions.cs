using System.Net;
using Voip.Media.Dtls;
using Voip.Media.Srtp;

namespace Voip.Media.Engine;

/// <summary>Everything an operator can set on the engine; each knob has a default that works on one machine.</summary>
public sealed class MediaEngineOptions
{
    /// <summary>Number of shards (threads, one UDP port each). Default: one per core.</summary>
    public int Shards { get; set; } = Environment.ProcessorCount;

    /// <summary>Address the shards' UDP sockets bind to. Default 127.0.0.1; use 0.0.0.0 on a server.</summary>
    public IPAddress RtcListenIp { get; set; } = IPAddress.Loopback;

    /// <summary>Address put into ICE candidates when it differs from the bind address (NAT, cloud).</summary>
    public IPAddress? AnnouncedIp { get; set; }

    /// <summary>First UDP port: shard i binds RtcPortBase + i. 0 = ephemeral ports.</summary>
    public int RtcPortBase { get; set; } = 40000;

    /// <summary>No valid ICE check for this long closes a transport (RFC 7675 consent freshness).</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A transport whose DTLS handshake has not finished in this time fails.</summary>
    public TimeSpan DtlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>SRTP profiles offered/accepted in DTLS use_srtp, most preferred first.</summary>
    public SrtpProfile[] SrtpProfiles { get; set; } =
        [SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm, SrtpProfile.Aes128CmHmacSha1_80];

    /// <summary>Most transports one engine accepts (protects memory; the control plane places rooms elsewhere).</summary>
    public int MaxTransports { get; set; } = 10_000;

    internal DtlsOptions CreateDtlsOptions(IReadOnlyList<SrtpProfile>? profiles) => new()
    {
        ProfilePreference = profiles is { Count: > 0 } ? [.. profiles] : SrtpProfiles,
        HandshakeTimeout = DtlsHandshakeTimeout,
    };

    public void Validate()
    {
        if (Shards is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(Shards), Shards, "shards must be between 1 and 256");
        }

        if (RtcPortBase is < 0 or > 65535 || (RtcPortBase > 0 && RtcPortBase + Shards - 1 > 65535))
        {
            throw new ArgumentOutOfRangeException(nameof(RtcPortBase), RtcPortBase, "the port range base + shards must fit in 1..65535 (or 0 for ephemeral ports)");
        }

        if (ConsentTimeout <= TimeSpan.Zero || DtlsHandshakeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ConsentTimeout), "timeouts must be positive");
        }

        if (SrtpProfiles.Length == 0)
        {
            throw new ArgumentException("at least one SRTP profile is required", nameof(SrtpProfiles));
        }
    }
}
