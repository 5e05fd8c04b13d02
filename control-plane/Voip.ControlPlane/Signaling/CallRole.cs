namespace Voip.ControlPlane.Signaling;

public enum CallRole
{
    Caller,
    Callee,
}
