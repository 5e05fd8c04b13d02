namespace Voip.ControlPlane.Auth;

public enum RefreshConsumeStatus
{
    /// <summary>The token was unused and is now spent; the caller may issue the next one.</summary>
    Consumed,

    /// <summary>The token had already been used: a replay, the family must be revoked.</summary>
    Reused,

    /// <summary>The token (or its family) was revoked or has expired.</summary>
    Revoked,

    NotFound,
}
