using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.Auth;

/// <summary>Rules for new passwords; each violation is a 400 VALIDATION001 that says what to change.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    public static void Check(string? password, string email)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw ApiException.BadRequest("password is required");
        }

        if (password.Length < MinLength)
        {
            throw ApiException.BadRequest($"password must be at least {MinLength} characters");
        }

        if (password.Length > MaxLength)
        {
            throw ApiException.BadRequest($"password must be at most {MaxLength} characters");
        }

        if (!password.Any(char.IsLetter) || !password.Any(char.IsDigit))
        {
            throw ApiException.BadRequest("password must contain at least one letter and one digit");
        }

        if (password.Trim().Equals(email, StringComparison.OrdinalIgnoreCase)
            || password.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase) && email.Split('@')[0].Length >= 4)
        {
            throw ApiException.BadRequest("password must not contain your email address");
        }

        if (password.Distinct().Count() < 4)
        {
            throw ApiException.BadRequest("password must use at least 4 different characters");
        }
    }
}
