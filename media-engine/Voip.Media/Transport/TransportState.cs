namespace Voip.Media.Transport;

public enum TransportState
{
    /// <summary>Created; waiting for the remote DTLS parameters (connect).</summary>
    New = 1,

    /// <summary>Remote parameters known; ICE checks and the DTLS handshake are under way.</summary>
    Connecting = 2,

    /// <summary>DTLS done and SRTP keys installed: media flows.</summary>
    Connected = 3,

    /// <summary>Ended by an error (DTLS failure, fingerprint mismatch); terminal.</summary>
    Failed = 4,

    /// <summary>Ended normally or by consent loss; terminal.</summary>
    Closed = 5,
}
