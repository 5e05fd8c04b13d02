using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Voip.ControlPlane.Common;

/// <summary>
/// Reads a JSON request body strictly: JSON content type, bounded size and depth, an object at the root, no
/// <c>$</c>-prefixed keys anywhere (MongoDB operator injection such as <c>{"password": {"$gt": ""}}</c>, seed
/// §7.3.2), and values of the declared types (an object where a string belongs is refused, not coerced).
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 16 * 1024;
    private const int MaxDepth = 8;

    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            throw ApiException.BadRequest("Content-Type must be application/json");
        }

        if (request.ContentLength > MaxBytes)
        {
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, ErrorCodes.Validation, $"Request body must be at most {MaxBytes} bytes");
        }

        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new ApiException(StatusCodes.Status413PayloadTooLarge, ErrorCodes.Validation, $"Request body must be at most {MaxBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        return Parse(bytes, typeInfo);
    }

    public static T Parse<T>(ReadOnlyMemory<byte> bytes, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            using (var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth }))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw ApiException.BadRequest("Request body must be a JSON object");
                }

                if (FindOperatorKey(document.RootElement) is { } key)
                {
                    throw new ApiException(StatusCodes.Status400BadRequest, ErrorCodes.OperatorInjection, $"Property names starting with '$' are not allowed ('{Truncate(key)}')");
                }
            }

            return JsonSerializer.Deserialize(bytes.Span, typeInfo) ?? throw ApiException.BadRequest("Request body must be a JSON object");
        }
        catch (JsonException ex)
        {
            var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? null : ex.Path.TrimStart('$', '.');
            throw ApiException.BadRequest(path is null
                ? "Request body is not valid JSON"
                : $"'{path}' has the wrong type or is not allowed");
        }
    }

    private static string? FindOperatorKey(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name.StartsWith('$') || property.Name.Contains('\0'))
                    {
                        return property.Name;
                    }

                    if (FindOperatorKey(property.Value) is { } nested)
                    {
                        return nested;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (FindOperatorKey(item) is { } nested)
                    {
                        return nested;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string Truncate(string value) => value.Length <= 32 ? value : value[..32] + "…";
}
