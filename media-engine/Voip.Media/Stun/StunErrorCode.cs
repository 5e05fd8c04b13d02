namespace Voip.Media.Stun;

/// <summary>ERROR-CODE values used here (RFC 8489 §14.8, RFC 8445 §16.2).</summary>
public static class StunErrorCode
{
    public const int BadRequest = 400;
    public const int Unauthorized = 401;
    public const int UnknownAttribute = 420;
    public const int RoleConflict = 487;
    public const int ServerError = 500;
}
