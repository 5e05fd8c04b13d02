namespace Voip.ControlPlane.Signaling;

/// <summary>Socket.IO v5 packet types: the first character inside an Engine.IO message.</summary>
public enum SocketIoPacketType : byte
{
    Connect = (byte)'0',
    Disconnect = (byte)'1',
    Event = (byte)'2',
    Ack = (byte)'3',
    ConnectError = (byte)'4',
    BinaryEvent = (byte)'5',
    BinaryAck = (byte)'6',
}
