using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace Voip.ControlPlane.Signaling;

public sealed partial class SignalingConnection
{
    /// <summary>Queues <c>42["event",payload]</c>. Never waits: a full queue means the client cannot keep up and is dropped.</summary>
    public void Emit(string eventName, string payloadJson) =>
        Enqueue(string.Concat("42[\"", eventName, "\",", payloadJson, "]"));

    /// <summary>Answers an event's ack id with <c>43&lt;id&gt;[payload]</c>.</summary>
    public void Ack(long ackId, string payloadJson)
    {
        if (ackId >= 0)
        {
            Enqueue(string.Concat("43", ackId.ToString(System.Globalization.CultureInfo.InvariantCulture), "[", payloadJson, "]"));
        }
    }

    internal void Enqueue(string frame)
    {
        if (!outbox.Writer.TryWrite(frame) && Volatile.Read(ref aborting) == 0 && !lifetime.IsCancellationRequested)
        {
            services.Counters.SlowConsumer();
            Abort(WebSocketCloseStatus.PolicyViolation, "send queue full");
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            await foreach (var frame in outbox.Reader.ReadAllAsync(cancellationToken))
            {
                var needed = Encoding.UTF8.GetMaxByteCount(frame.Length);
                if (needed > buffer.Length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(needed);
                }

                var length = Encoding.UTF8.GetBytes(frame, buffer);
                await socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Text, true, cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
