using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Voip.ControlPlane.Common;

/// <summary>Writes times as UTC ISO 8601 with a Z (<c>2024-01-15T10:30:00.000Z</c>), as the seed's examples.</summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    /// <summary>The format of every time in responses (also used by writers that bypass the serializer).</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
