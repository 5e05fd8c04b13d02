using System.Buffers;
using System.Text.Json;

namespace Voip.ControlPlane.Calls;

/// <summary>
/// Optional fast path of an <see cref="ICallStore"/>: writes the GET /api/calls/history body straight from
/// the store's rows as UTF-8 JSON, byte for byte what serializing <see cref="CallHistoryResponse"/> gives
/// (see <see cref="CallHistoryJson"/>), without building the objects.
/// </summary>
public interface ICallHistoryJsonSource
{
    /// <summary>
    /// Writes the whole body for page <paramref name="page"/> (1-based) of <paramref name="limit"/> calls into
    /// <paramref name="destination"/>; on failure nothing has been written. <paramref name="options"/> carries the
    /// app's JSON encoder (ASP.NET Core's relaxed escaping), so the bytes match the serializer's.
    /// </summary>
    ValueTask WriteHistoryJsonAsync(IBufferWriter<byte> destination, JsonWriterOptions options, string userId, string? callType, int page, int limit, CancellationToken cancellationToken);
}
