using System.Text.Json;
using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.Calls;

/// <summary>
/// Writes GET /api/calls/history JSON from UTF-8 column values: the same property names, order, escaping
/// (the writer's default encoder, as the serializer's) and time format as serializing
/// <see cref="CallHistoryResponse"/> with <see cref="VoipJsonContext"/>. A test compares the two byte for byte.
/// </summary>
public static class CallHistoryJson
{
    private static readonly JsonEncodedText CallsName = JsonEncodedText.Encode("calls");
    private static readonly JsonEncodedText CallIdName = JsonEncodedText.Encode("callId");
    private static readonly JsonEncodedText CallerIdName = JsonEncodedText.Encode("callerId");
    private static readonly JsonEncodedText CalleeIdName = JsonEncodedText.Encode("calleeId");
    private static readonly JsonEncodedText CallTypeName = JsonEncodedText.Encode("callType");
    private static readonly JsonEncodedText StartTimeName = JsonEncodedText.Encode("startTime");
    private static readonly JsonEncodedText DurationName = JsonEncodedText.Encode("duration");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText AvatarName = JsonEncodedText.Encode("avatar");
    private static readonly JsonEncodedText PaginationName = JsonEncodedText.Encode("pagination");
    private static readonly JsonEncodedText PageName = JsonEncodedText.Encode("page");
    private static readonly JsonEncodedText LimitName = JsonEncodedText.Encode("limit");
    private static readonly JsonEncodedText TotalName = JsonEncodedText.Encode("total");
    private static readonly JsonEncodedText PagesName = JsonEncodedText.Encode("pages");
    private static readonly JsonEncodedText DeletedUserName = JsonEncodedText.Encode(CallService.DeletedUserName);

    /// <summary>Opens the response object and its calls array.</summary>
    public static void WriteStart(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray(CallsName);
    }

    /// <summary>
    /// Writes one <see cref="CallHistoryItem"/> whose participants are already JSON objects written by
    /// <see cref="WriteSummary"/> with the same writer options (e.g. cached per user).
    /// </summary>
    public static void WriteCall(
        Utf8JsonWriter writer,
        ReadOnlySpan<byte> callId,
        ReadOnlySpan<byte> callerJson,
        ReadOnlySpan<byte> calleeJson,
        ReadOnlySpan<byte> callType,
        long startTimeUnixMilliseconds,
        long duration,
        ReadOnlySpan<byte> status)
    {
        writer.WriteStartObject();
        writer.WriteString(CallIdName, callId);
        writer.WritePropertyName(CallerIdName);
        writer.WriteRawValue(callerJson, skipInputValidation: true);
        writer.WritePropertyName(CalleeIdName);
        writer.WriteRawValue(calleeJson, skipInputValidation: true);
        writer.WriteString(CallTypeName, callType);
        Span<byte> time = stackalloc byte[TimeLength];
        FormatTime(startTimeUnixMilliseconds, time);
        writer.WriteString(StartTimeName, time);
        writer.WriteNumber(DurationName, duration);
        writer.WriteString(StatusName, status);
        writer.WriteEndObject();
    }

    /// <summary>Closes the calls array and writes the pagination (as <see cref="CallService"/> computes it).</summary>
    public static void WriteEnd(Utf8JsonWriter writer, int page, int limit, long total)
    {
        writer.WriteEndArray();
        writer.WriteStartObject(PaginationName);
        writer.WriteNumber(PageName, page);
        writer.WriteNumber(LimitName, limit);
        writer.WriteNumber(TotalName, total);
        writer.WriteNumber(PagesName, CallService.PageCount(total, limit));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Length of <see cref="UtcDateTimeOffsetConverter.Format"/>'s output: <c>2024-01-15T10:30:00.000Z</c>.</summary>
    public const int TimeLength = 24;

    /// <summary>
    /// Writes a Unix time in milliseconds as <see cref="UtcDateTimeOffsetConverter.Format"/> does (years 0001–9999),
    /// digit by digit: the custom-format path of DateTime.TryFormat was a visible share of a history request.
    /// </summary>
    public static void FormatTime(long unixMilliseconds, Span<byte> destination)
    {
        var utc = DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime;
        var d = destination[..TimeLength];
        Digits(d[..4], utc.Year);
        d[4] = (byte)'-';
        Digits(d.Slice(5, 2), utc.Month);
        d[7] = (byte)'-';
        Digits(d.Slice(8, 2), utc.Day);
        d[10] = (byte)'T';
        Digits(d.Slice(11, 2), utc.Hour);
        d[13] = (byte)':';
        Digits(d.Slice(14, 2), utc.Minute);
        d[16] = (byte)':';
        Digits(d.Slice(17, 2), utc.Second);
        d[19] = (byte)'.';
        Digits(d.Slice(20, 3), utc.Millisecond);
        d[23] = (byte)'Z';
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>Writes a participant as <see cref="Users.UserSummary"/> serializes: <c>{ id, name, avatar }</c>.</summary>
    public static void WriteSummary(Utf8JsonWriter writer, in UserSummaryUtf8 user)
    {
        writer.WriteStartObject();
        writer.WriteString(IdName, user.Id);
        if (user.Exists)
        {
            writer.WriteString(NameName, user.Name);
        }
        else
        {
            writer.WriteString(NameName, DeletedUserName);
        }

        if (user.Exists && user.HasAvatar)
        {
            writer.WriteString(AvatarName, user.Avatar);
        }
        else
        {
            writer.WriteNull(AvatarName);
        }

        writer.WriteEndObject();
    }
}
