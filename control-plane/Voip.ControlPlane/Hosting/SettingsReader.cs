using System.Globalization;

namespace Voip.ControlPlane.Hosting;

/// <summary>
/// Reads the seed's environment variables (appendix B) from configuration and collects every problem, so that
/// start-up fails once with the full list instead of one message per restart.
/// </summary>
public sealed class SettingsReader(IConfiguration configuration)
{
    public List<string> Errors { get; } = [];

    public IConfiguration Configuration => configuration;

    public string? String(string key, string? defaultValue = null)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? defaultValue : value.Trim();
    }

    public int Int(string key, int defaultValue, int min, int max)
    {
        var value = String(key);
        if (value is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            Errors.Add($"{key}='{value}' must be an integer from {min} to {max}");
            return defaultValue;
        }

        return parsed;
    }

    public TimeSpan Duration(string key, TimeSpan defaultValue)
    {
        var value = String(key);
        if (value is null)
        {
            return defaultValue;
        }

        if (!DurationParser.TryParse(value, out var parsed))
        {
            Errors.Add($"{key}='{value}' must be a duration such as 900, 30s, 15m, 12h or 7d");
            return defaultValue;
        }

        return parsed;
    }

    public bool Bool(string key, bool defaultValue)
    {
        var value = String(key);
        if (value is null)
        {
            return defaultValue;
        }

        switch (value.ToLowerInvariant())
        {
            case "1" or "true" or "yes" or "on":
                return true;
            case "0" or "false" or "no" or "off":
                return false;
            default:
                Errors.Add($"{key}='{value}' must be true or false");
                return defaultValue;
        }
    }

    public void Fail(string message) => Errors.Add(message);
}
