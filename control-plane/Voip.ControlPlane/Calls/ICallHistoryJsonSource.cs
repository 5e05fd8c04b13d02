using System.Text.Json;

namespace Voip.ControlPlane.Calls;

/// <summary>
/// Optional fast path of a call store: writes the GET /api/calls/history body straight from the store's rows
/// as UTF-8 JSON, byte for byte what serializing <see cref="CallHistoryResponse"/> gives (see
/// <see cref="CallHistoryJson"/>), without building the objects.
/// </summary>
public interface ICallHistoryJsonSource
{
    /// <summary>
    /// The whole body for page <paramref name="page"/> (1-based) of <paramref name="limit"/> calls.
    /// <paramref name="options"/> carries the app's JSON encoder (ASP.NET Core's relaxed escaping), so the bytes
    /// match the serializer's.
    /// </summary>
    ValueTask<byte[]> ReadHistoryJsonAsync(JsonWriterOptions options, string userId, string? callType, int page, int limit, CancellationToken cancellationToken);
}
