using Org.BouncyCastle.Tls;
using Voip.Media.Dtls;

namespace Voip.Media.Tests.Dtls;

/// <summary>
/// Keeps what it is given: as a BouncyCastle <see cref="DatagramSender"/> (HelloVerifyRequests from a verifier)
/// or as a session's <see cref="IDtlsSender"/> (its datagrams, delivered nowhere).
/// </summary>
internal sealed class CapturingDatagramSender : DatagramSender, IDtlsSender
{
    private readonly Lock _lock = new();

    public List<byte[]> Sent { get; } = [];

    public TaskCompletionSource<byte[]> First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int GetSendLimit() => 1200;

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        byte[] copy = buffer.ToArray();
        lock (_lock)
            Sent.Add(copy);
        First.TrySetResult(copy);
    }

    public void SendDtls(ReadOnlySpan<byte> datagram) => Send(datagram);
}
