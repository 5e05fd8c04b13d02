namespace Voip.ControlPlane.Auth;

/// <summary>Value of the <c>tokenUse</c> claim, so an access token is never accepted as a refresh token or the reverse.</summary>
public static class TokenUse
{
    public const string Access = "access";
    public const string Refresh = "refresh";
}
