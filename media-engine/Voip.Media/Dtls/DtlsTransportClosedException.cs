namespace Voip.Media.Dtls;

/// <summary>
/// Thrown from our <see cref="Org.BouncyCastle.Tls.DatagramTransport"/> once the session is closing, to unwind
/// a BouncyCastle call blocked in Receive. An <see cref="IOException"/> so BouncyCastle passes it through.
/// Never leaves <see cref="DtlsSession"/>.
/// </summary>
internal sealed class DtlsTransportClosedException : IOException
{
    public DtlsTransportClosedException()
        : base("DTLS transport closed.")
    {
    }
}
