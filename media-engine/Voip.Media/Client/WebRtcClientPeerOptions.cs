using System.Net;
using Voip.Media.Srtp;

namespace Voip.Media.Client;

/// <summary>How a <see cref="WebRtcClientPeer"/> binds, handshakes and receives.</summary>
public sealed class WebRtcClientPeerOptions
{
    /// <summary>Local address to bind (port 0 = ephemeral). Loopback by default: the peer is for tests and load.</summary>
    public IPEndPoint LocalEndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>SRTP profiles offered in the DTLS use_srtp extension, most preferred first (RFC 5764 §4.1.1).</summary>
    public SrtpProfile[] SrtpProfiles { get; init; } = [SrtpProfile.AeadAes128Gcm];

    /// <summary>
    /// True: the peer runs its own blocking receive thread. False: the owner reads <see cref="WebRtcClientPeer.Socket"/>
    /// itself (e.g. with recvmmsg over many peers) and hands each datagram to <see cref="WebRtcClientPeer.HandleDatagram"/>.
    /// </summary>
    public bool OwnReceiveThread { get; init; } = true;

    /// <summary>
    /// Interval of RFC 7675 consent checks after <see cref="WebRtcClientPeer.Start"/>; <see cref="TimeSpan.Zero"/>
    /// sends only the first (nominating) check, so the engine drops the peer after its consent timeout.
    /// </summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.Zero;

    /// <summary>Socket buffer sizes requested (the kernel caps them at rmem_max / wmem_max).</summary>
    public int SocketBufferBytes { get; init; } = 1024 * 1024;

    /// <summary>Rewrites each outgoing DTLS datagram (null = send as is): lets a test play a broken or hostile client.</summary>
    public Func<byte[], byte[]>? DtlsFilter { get; init; }

    /// <summary>Common name of the self-signed DTLS certificate generated for the peer.</summary>
    public string CertificateName { get; init; } = "voip-client-peer";
}
