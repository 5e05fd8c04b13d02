namespace Voip.Media.Net;

public sealed class UdpShardOptions
{
    /// <summary>Datagrams read per recvmmsg(2) call (1..1024, the kernel's UIO_MAXIOV).</summary>
    public int ReceiveBatch { get; set; } = 32;

    /// <summary>Send slots; a full queue is flushed with one sendmmsg(2) (1..1024).</summary>
    public int SendBatch { get; set; } = 64;

    /// <summary>SO_RCVBUF request; the kernel caps it at net.core.rmem_max.</summary>
    public int SocketReceiveBufferBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>SO_SNDBUF request; the kernel caps it at net.core.wmem_max.</summary>
    public int SocketSendBufferBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Longest gap between two <see cref="IDatagramHandler.OnTick"/> calls.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Use the portable <see cref="System.Net.Sockets.Socket"/> path even on Linux (tests, benchmarks).</summary>
    public bool ForcePortableIo { get; set; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveBatch, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReceiveBatch, 1024);
        ArgumentOutOfRangeException.ThrowIfLessThan(SendBatch, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SendBatch, 1024);
        ArgumentOutOfRangeException.ThrowIfNegative(SocketReceiveBufferBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(SocketSendBufferBytes);
        if (TickInterval < TimeSpan.FromMilliseconds(1) || TickInterval > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(TickInterval), TickInterval, "TickInterval must be between 1 ms and 10 s.");
        }
    }
}
