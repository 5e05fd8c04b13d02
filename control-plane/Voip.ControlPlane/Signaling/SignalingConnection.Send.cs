using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace Voip.ControlPlane.Signaling;

public sealed partial class SignalingConnection
{
    /// <summary>Queues <c>42["event",payload]</c>. Never waits: a full queue means the client cannot keep up and is dropped.</summary>
    public void Emit(string eventName, string payloadJson) => Enqueue("42[\"", eventName, "\",", payloadJson, "]");

    /// <summary>Answers an event's ack id with <c>43&lt;id&gt;[payload]</c>.</summary>
    public void Ack(long ackId, string payloadJson)
    {
        if (ackId >= 0)
        {
            Span<char> digits = stackalloc char[20];
            ackId.TryFormat(digits, out var n, default, System.Globalization.CultureInfo.InvariantCulture);
            Enqueue("43", digits[..n], "[", payloadJson, "]");
        }
    }

    internal void Enqueue(string frame) => Enqueue(frame, "", "", "", "");

    /// <summary>
    /// Encodes the frame's parts straight into a pooled UTF-8 buffer that the send loop writes and returns: no frame
    /// string is built and the socket holds no send buffer while idle (a rented 4 KiB per socket was 10 % of a
    /// 5,000-socket server's heap).
    /// </summary>
    private void Enqueue(ReadOnlySpan<char> a, ReadOnlySpan<char> b, ReadOnlySpan<char> c, ReadOnlySpan<char> d, ReadOnlySpan<char> e)
    {
        var utf8 = Encoding.UTF8;
        var buffer = ArrayPool<byte>.Shared.Rent(utf8.GetByteCount(a) + utf8.GetByteCount(b) + utf8.GetByteCount(c) + utf8.GetByteCount(d) + utf8.GetByteCount(e));
        var length = utf8.GetBytes(a, buffer);
        length += utf8.GetBytes(b, buffer.AsSpan(length));
        length += utf8.GetBytes(c, buffer.AsSpan(length));
        length += utf8.GetBytes(d, buffer.AsSpan(length));
        length += utf8.GetBytes(e, buffer.AsSpan(length));
        if (outbox.Writer.TryWrite(new OutgoingFrame(buffer, length)))
        {
            return;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        if (Volatile.Read(ref aborting) == 0 && !lifetime.IsCancellationRequested)
        {
            services.Counters.SlowConsumer();
            Abort(WebSocketCloseStatus.PolicyViolation, "send queue full");
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var reader = outbox.Reader;
        // Waiting without a token lets the channel reuse its one waiter instead of allocating one per wake-up; the
        // loop still ends with the session, because every end of the session completes the writer first.
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (reader.TryRead(out var frame))
            {
                try
                {
                    await socket.SendAsync(frame.Buffer.AsMemory(0, frame.Length), WebSocketMessageType.Text, true, cancellationToken);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(frame.Buffer);
                }
            }
        }
    }

    /// <summary>One encoded frame: <see cref="Length"/> bytes of a buffer rented from the shared pool.</summary>
    private readonly record struct OutgoingFrame(byte[] Buffer, int Length);
}
