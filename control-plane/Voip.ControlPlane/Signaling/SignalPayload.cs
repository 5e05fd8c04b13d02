using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Voip.ControlPlane.Signaling;

/// <summary>
/// Builds outgoing event payloads. SDP offers/answers and ICE candidates are copied as the sender's raw JSON
/// (their raw UTF-8 bytes), so they pass through untouched.
/// </summary>
internal static class SignalPayload
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? cachedBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? cachedWriter;

    /// <summary>
    /// Writes one payload object. The buffer and the writer are kept per thread and reset for each payload (a
    /// writer per payload was an allocation on every event sent); the payload itself is the one string we keep.
    /// </summary>
    public static string Build<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = cachedBuffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = cachedWriter;
        if (writer is null)
        {
            cachedWriter = writer = new Utf8JsonWriter(buffer);
        }
        else
        {
            writer.Reset(buffer);
        }

        // Not reused if the callback throws half-way (the writer would be mid-object).
        cachedWriter = null;
        writer.WriteStartObject();
        write(writer, state);
        writer.WriteEndObject();
        writer.Flush();
        cachedWriter = writer;

        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity > 64 * 1024)
        {
            cachedBuffer = null;
            cachedWriter = null;
        }

        return text;
    }

    /// <summary>Ack result / call-error body: <c>{success:false, code, message, roomId?}</c> (codes from appendix A).</summary>
    public static string Error(string code, string message, string? roomId) => Build((code, message, roomId), static (w, s) =>
    {
        w.WriteBoolean("success", false);
        w.WriteString("code", s.code);
        w.WriteString("message", s.message);
        if (s.roomId is not null)
        {
            w.WriteString("roomId", s.roomId);
        }
    });

    public static string Ok(string? roomId) => Build(roomId, static (w, roomId) =>
    {
        w.WriteBoolean("success", true);
        if (roomId is not null)
        {
            w.WriteString("roomId", roomId);
        }
    });

    /// <summary>CONNECT_ERROR body: socket.io-client surfaces <c>message</c> as err.message and <c>data</c> as err.data.</summary>
    public static string ConnectError(string message, string code) => Build((message, code), static (w, s) =>
    {
        w.WriteString("message", s.message);
        w.WriteStartObject("data");
        w.WriteString("code", s.code);
        w.WriteEndObject();
    });

    public static string Room(string roomId) => Build(roomId, static (w, roomId) => w.WriteString("roomId", roomId));

    public static string Ended(string roomId, string reason, string status, string? endedBy) => Build((roomId, reason, status, endedBy), static (w, s) =>
    {
        w.WriteString("roomId", s.roomId);
        w.WriteString("reason", s.reason);
        w.WriteString("status", s.status);
        if (s.endedBy is not null)
        {
            w.WriteString("endedBy", s.endedBy);
        }
    });

    public static string IncomingCall(string roomId, string callerId, string callerName, string callType, JsonElement offer) =>
        Build((roomId, callerId, callerName, callType, offer), static (w, s) =>
        {
            w.WriteString("roomId", s.roomId);
            w.WriteString("callerId", s.callerId);
            w.WriteString("callerName", s.callerName);
            w.WriteString("callType", s.callType);
            WriteRaw(w, "offer", s.offer);
        });

    public static void WriteRaw(Utf8JsonWriter writer, string name, JsonElement value)
    {
        writer.WritePropertyName(name);
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteNullValue();
        }
        else
        {
            // Raw bytes as the sender wrote them (SDP and candidates are opaque to us), straight from the parsed
            // frame's UTF-8 without a string copy of the SDP.
            writer.WriteRawValue(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
        }
    }
}
