namespace Voip.ControlPlane.Signaling;

/// <summary>Engine.IO v4 packet types: the first character of every text frame.</summary>
public enum EngineIoPacketType : byte
{
    Open = (byte)'0',
    Close = (byte)'1',
    Ping = (byte)'2',
    Pong = (byte)'3',
    Message = (byte)'4',
    Upgrade = (byte)'5',
    Noop = (byte)'6',
}
