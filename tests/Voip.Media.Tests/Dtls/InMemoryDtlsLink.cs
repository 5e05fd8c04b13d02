using Voip.Media.Dtls;

namespace Voip.Media.Tests.Dtls;

/// <summary>
/// One direction of an in-memory "UDP" path: what one session sends is enqueued on the other. An optional
/// filter can drop or rewrite datagrams, to play a lossy network or an attacker.
/// </summary>
internal sealed class InMemoryDtlsLink : IDtlsSender
{
    private int _sent;

    public DtlsSession? Target { get; set; }

    /// <summary>Returns the datagram to deliver, or null to drop it.</summary>
    public Func<byte[], byte[]?>? Filter { get; set; }

    /// <summary>Turns one sent datagram into the datagrams delivered, in order (to split, reorder or duplicate).</summary>
    public Func<byte[], IReadOnlyList<byte[]>>? Expand { get; set; }

    public bool Silent { get; set; }

    public int Sent => Volatile.Read(ref _sent);

    public void SendDtls(ReadOnlySpan<byte> datagram)
    {
        Interlocked.Increment(ref _sent);
        if (Silent || Target is null)
            return;
        byte[]? bytes = datagram.ToArray();
        if (Filter is not null)
            bytes = Filter(bytes);
        if (bytes is null)
            return;
        if (Expand is null)
        {
            Target.Enqueue(bytes);
            return;
        }
        foreach (byte[] d in Expand(bytes))
            Target.Enqueue(d);
    }
}
