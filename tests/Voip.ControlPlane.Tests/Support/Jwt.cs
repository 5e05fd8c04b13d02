using System.Text;
using System.Text.Json;

namespace Voip.ControlPlane.Tests.Support;

/// <summary>Reads a JWT's header and payload without validating it (to check claims in tests).</summary>
public static class Jwt
{
    public static JsonElement Header(string token) => Part(token, 0);

    public static JsonElement Payload(string token) => Part(token, 1);

    public static string Encode(object value) => Base64Url(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value)));

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static JsonElement Part(string token, int index)
    {
        var part = token.Split('.')[index].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(part)).RootElement.Clone();
    }
}
