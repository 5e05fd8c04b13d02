using System.Globalization;

namespace Voip.ControlPlane.Common;

/// <summary>Field checks shared by the endpoints; each failure is a 400 VALIDATION001 naming the field.</summary>
public static class Validate
{
    public const int MaxEmailLength = 254;
    public const int MaxNameLength = 100;
    public const int MaxUrlLength = 2048;

    /// <summary>Trims and lower-cases an email and checks its shape (one '@', a dot in the domain, no spaces).</summary>
    public static string Email(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw ApiException.BadRequest("email is required");
        }

        var email = value.Trim().ToLowerInvariant();
        if (email.Length > MaxEmailLength)
        {
            throw ApiException.BadRequest($"email must be at most {MaxEmailLength} characters");
        }

        var at = email.IndexOf('@');
        if (at <= 0 || at != email.LastIndexOf('@') || at > 64 || at == email.Length - 1)
        {
            throw ApiException.BadRequest("email must be a valid email address");
        }

        var domain = email.AsSpan(at + 1);
        if (domain.IndexOf('.') <= 0 || domain.EndsWith(".") || domain.Contains("..", StringComparison.Ordinal))
        {
            throw ApiException.BadRequest("email must be a valid email address");
        }

        foreach (var c in email)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or '(' or ')' or ',' or ';' or '\\')
            {
                throw ApiException.BadRequest("email must be a valid email address");
            }
        }

        return email;
    }

    /// <summary>A display name: trimmed, 1–100 characters, no control characters or angle brackets.</summary>
    public static string Name(string? value, string field = "name")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw ApiException.BadRequest($"{field} is required");
        }

        var name = value.Trim();
        if (name.Length > MaxNameLength)
        {
            throw ApiException.BadRequest($"{field} must be at most {MaxNameLength} characters");
        }

        foreach (var c in name)
        {
            if (char.IsControl(c) || c is '<' or '>')
            {
                throw ApiException.BadRequest($"{field} must not contain control characters or '<' '>'");
            }
        }

        return name;
    }

    /// <summary>An absolute http(s) URL of at most 2048 characters (avatars).</summary>
    public static string Url(string value, string field)
    {
        if (value.Length > MaxUrlLength
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw ApiException.BadRequest($"{field} must be an absolute http or https URL of at most {MaxUrlLength} characters");
        }

        return uri.OriginalString;
    }

    public static string UserId(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw ApiException.BadRequest($"{field} is required");
        }

        if (!ObjectIds.IsValid(value))
        {
            throw ApiException.BadRequest($"{field} must be a 24-character lowercase hex id");
        }

        return value;
    }

    /// <summary>Parses an optional integer query parameter within [min, max].</summary>
    public static int QueryInt(HttpRequest request, string name, int defaultValue, int min, int max)
    {
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return defaultValue;
        }

        if (values.Count > 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            throw ApiException.BadRequest($"{name} must be an integer from {min} to {max}");
        }

        return parsed;
    }

    /// <summary>Reads an optional single-valued string query parameter.</summary>
    public static string? QueryString(HttpRequest request, string name, int maxLength)
    {
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1 || values[0] is not { } value || value.Length > maxLength)
        {
            throw ApiException.BadRequest($"{name} must be a single value of at most {maxLength} characters");
        }

        return value;
    }
}
