namespace Voip.ControlPlane.Auth;

public enum TokenValidationStatus
{
    Valid,
    Expired,
    Invalid,
}
