using System.Text.Json;
using Voip.ControlPlane.Signaling;

namespace Voip.ControlPlane.Rooms;

/// <summary>Outgoing room event and ack bodies (camelCase, as the seed's events).</summary>
internal static class RoomPayload
{
    public static string Error(string code, string message, string? roomId) => SignalPayload.Error(code, message, roomId);

    public static string Ok(string roomId) => SignalPayload.Ok(roomId);

    public static string Created(Room room) => SignalPayload.Build(room, static (w, r) =>
    {
        w.WriteBoolean("success", true);
        w.WriteString("roomId", r.RoomId);
        w.WriteString("name", r.Name);
    });

    public static string Joined(Room room, RoomParticipantInfo[] participants) => SignalPayload.Build((room, participants), static (w, s) =>
    {
        w.WriteBoolean("success", true);
        w.WriteString("roomId", s.room.RoomId);
        w.WriteString("name", s.room.Name);
        w.WriteStartArray("participants");
        foreach (var p in s.participants)
        {
            WriteParticipant(w, p);
        }

        w.WriteEndArray();
    });

    public static void WriteParticipant(Utf8JsonWriter w, RoomParticipantInfo p)
    {
        w.WriteStartObject();
        w.WriteString("userId", p.UserId);
        w.WriteString("name", p.Name);
        w.WriteBoolean("audioEnabled", p.AudioEnabled);
        w.WriteBoolean("videoEnabled", p.VideoEnabled);
        w.WriteEndObject();
    }

    /// <summary>An SDP as RTCSessionDescriptionInit (<c>{type, sdp}</c>), what setRemoteDescription takes.</summary>
    private static void WriteDescription(Utf8JsonWriter w, string name, string type, string sdp)
    {
        w.WriteStartObject(name);
        w.WriteString("type", type);
        w.WriteString("sdp", sdp);
        w.WriteEndObject();
    }

    public static string Published(string roomId, string answerSdp) => SignalPayload.Build((roomId, answerSdp), static (w, s) =>
    {
        w.WriteBoolean("success", true);
        w.WriteString("roomId", s.roomId);
        WriteDescription(w, "answer", "answer", s.answerSdp);
    });

    public static string SubscriberOffer(string roomId, string offerSdp) => SignalPayload.Build((roomId, offerSdp), static (w, s) =>
    {
        w.WriteString("roomId", s.roomId);
        WriteDescription(w, "offer", "offer", s.offerSdp);
    });

    public static string ParticipantJoined(string roomId, RoomParticipantInfo user) => SignalPayload.Build((roomId, user), static (w, s) =>
    {
        w.WriteString("roomId", s.roomId);
        w.WritePropertyName("user");
        WriteParticipant(w, s.user);
    });

    public static string ParticipantLeft(string roomId, string userId, string reason) => SignalPayload.Build((roomId, userId, reason), static (w, s) =>
    {
        w.WriteString("roomId", s.roomId);
        w.WriteString("userId", s.userId);
        w.WriteString("reason", s.reason);
    });

    public static string MediaState(string roomId, string userId, bool audio, bool video) => SignalPayload.Build((roomId, userId, audio, video), static (w, s) =>
    {
        w.WriteString("roomId", s.roomId);
        w.WriteString("userId", s.userId);
        w.WriteBoolean("audioEnabled", s.audio);
        w.WriteBoolean("videoEnabled", s.video);
    });

    public static string ActiveSpeaker(string roomId, string? userId, int levelDbov) => SignalPayload.Build((roomId, userId, levelDbov), static (w, s) =>
    {
        w.WriteString("roomId", s.roomId);
        if (s.userId is null)
        {
            w.WriteNull("userId");
        }
        else
        {
            w.WriteString("userId", s.userId);
            w.WriteNumber("audioLevel", s.levelDbov);
        }
    });

    public static string Ended(string roomId, string? code, string reason, string? callId) => SignalPayload.Build((roomId, code, reason, callId), static (w, s) =>
    {
        w.WriteString("roomId", s.roomId);
        if (s.code is null)
        {
            w.WriteNull("code");
        }
        else
        {
            w.WriteString("code", s.code);
        }

        w.WriteString("reason", s.reason);
        if (s.callId is not null)
        {
            w.WriteString("callId", s.callId);
        }
    });
}
