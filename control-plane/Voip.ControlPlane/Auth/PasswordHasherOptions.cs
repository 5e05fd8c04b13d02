namespace Voip.ControlPlane.Auth;

/// <summary>
/// PBKDF2 cost. Deliberately not bound from configuration: the only way to lower it is code (the test host),
/// and start-up refuses a lower count outside Development/Testing.
/// </summary>
public sealed class PasswordHasherOptions
{
    /// <summary>OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    public int Iterations { get; set; } = DefaultIterations;
}
