namespace Voip.ControlPlane.Signaling;

public enum ReserveResult
{
    Reserved,
    CallerBusy,
    CalleeBusy,
    AlreadyExists,
}
