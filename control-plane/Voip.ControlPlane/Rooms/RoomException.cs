namespace Voip.ControlPlane.Rooms;

/// <summary>A room request refused with a code from appendix A (or ours); answered as the ack and as room-error.</summary>
public sealed class RoomException(string code, string message) : Exception(message)
{
    public string Code => code;
}
