namespace Voip.ControlPlane.Signaling;

/// <summary>
/// A view of one Engine.IO text frame and, for messages, the Socket.IO packet in it:
/// <c>&lt;eio type&gt;[&lt;sio type&gt;[/nsp,][ackId][json]]</c>. Slices point into the receive buffer.
/// </summary>
public readonly ref struct SocketIoFrame
{
    public SocketIoFrame(EngineIoPacketType engineType, SocketIoPacketType socketType, ReadOnlySpan<byte> ns, long ackId, ReadOnlySpan<byte> json)
    {
        EngineType = engineType;
        SocketType = socketType;
        Namespace = ns;
        AckId = ackId;
        Json = json;
    }

    public EngineIoPacketType EngineType { get; }

    /// <summary>Meaningful only when <see cref="EngineType"/> is <see cref="EngineIoPacketType.Message"/>.</summary>
    public SocketIoPacketType SocketType { get; }

    /// <summary>Empty for the main namespace "/".</summary>
    public ReadOnlySpan<byte> Namespace { get; }

    /// <summary>-1 when the packet asks for no acknowledgement.</summary>
    public long AckId { get; }

    /// <summary>The JSON payload (may be empty).</summary>
    public ReadOnlySpan<byte> Json { get; }

    public bool IsMainNamespace => Namespace.IsEmpty || (Namespace.Length == 1 && Namespace[0] == (byte)'/');

    /// <summary>
    /// Parses a frame. Engine.IO: first byte is the packet type (RFC-less, see the Engine.IO v4 protocol doc).
    /// Socket.IO v5: type digit, optional "/nsp," (a namespace always starts with '/'), optional decimal ack id,
    /// then JSON. Binary packets (5, 6) are not served: they need binary attachments, which we refuse.
    /// </summary>
    public static FrameParseStatus TryParse(ReadOnlySpan<byte> frame, out SocketIoFrame result)
    {
        result = default;
        if (frame.IsEmpty)
        {
            return FrameParseStatus.Empty;
        }

        var engineType = (EngineIoPacketType)frame[0];
        if (engineType is < EngineIoPacketType.Open or > EngineIoPacketType.Noop)
        {
            return FrameParseStatus.UnknownEngineType;
        }

        if (engineType != EngineIoPacketType.Message)
        {
            result = new SocketIoFrame(engineType, default, default, -1, frame[1..]);
            return FrameParseStatus.Ok;
        }

        if (frame.Length < 2)
        {
            return FrameParseStatus.UnknownSocketType;
        }

        var socketType = (SocketIoPacketType)frame[1];
        if (socketType is < SocketIoPacketType.Connect or > SocketIoPacketType.BinaryAck)
        {
            return FrameParseStatus.UnknownSocketType;
        }

        if (socketType is SocketIoPacketType.BinaryEvent or SocketIoPacketType.BinaryAck)
        {
            return FrameParseStatus.Unsupported;
        }

        var rest = frame[2..];
        ReadOnlySpan<byte> ns = default;
        if (!rest.IsEmpty && rest[0] == (byte)'/')
        {
            var comma = rest.IndexOf((byte)',');
            if (comma < 0)
            {
                // "40/chat" with no payload is legal: the namespace runs to the end.
                ns = rest;
                rest = default;
            }
            else
            {
                ns = rest[..comma];
                rest = rest[(comma + 1)..];
            }

            if (ns.Length > 128)
            {
                return FrameParseStatus.BadNamespace;
            }
        }

        long ackId = -1;
        var digits = 0;
        while (digits < rest.Length && rest[digits] is >= (byte)'0' and <= (byte)'9')
        {
            digits++;
        }

        if (digits > 0)
        {
            if (digits > 15)
            {
                return FrameParseStatus.BadAckId;
            }

            ackId = 0;
            for (var i = 0; i < digits; i++)
            {
                ackId = (ackId * 10) + (rest[i] - '0');
            }

            rest = rest[digits..];
        }

        if (!rest.IsEmpty && rest[0] != (byte)'{' && rest[0] != (byte)'[')
        {
            return FrameParseStatus.BadJson;
        }

        result = new SocketIoFrame(engineType, socketType, ns, ackId, rest);
        return FrameParseStatus.Ok;
    }
}
