using System.Text.Json;
using Grpc.Core;
using Voip.ControlPlane.Common;
using Voip.ControlPlane.Signaling;
using Sdp = Voip.Sdp;

namespace Voip.ControlPlane.Rooms;

public sealed partial class RoomService
{
    /// <summary>
    /// Whether an event is a room's: every <c>room-*</c> event, and toggle-audio / toggle-video naming a room
    /// the sender is in (with a call id they stay the 1:1 call's).
    /// </summary>
    internal bool Handles(SignalingConnection connection, string name, JsonElement payload)
    {
        if (name.StartsWith("room-", StringComparison.Ordinal))
        {
            return true;
        }

        return name is SignalingEvents.ToggleAudio or SignalingEvents.ToggleVideo
            && payload.ValueKind == JsonValueKind.Object
            && payload.TryGetProperty("roomId", out var id) && id.ValueKind == JsonValueKind.String
            && IsMember(id.GetString()!, connection.UserId);
    }

    internal async Task HandleEventAsync(SignalingConnection connection, string name, JsonElement payload, long ackId)
    {
        string? roomId = null;
        try
        {
            if (payload.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
            {
                throw new RoomException(ErrorCodes.Validation, "Payload must be an object");
            }

            if (name != RoomEvents.Create)
            {
                roomId = RoomIdOf(payload);
            }

            switch (name)
            {
                case RoomEvents.Create:
                    await CreateFromSocketAsync(connection, payload, ackId);
                    break;
                case RoomEvents.Join:
                    await JoinAsync(connection, roomId!, ackId);
                    break;
                case RoomEvents.Publish:
                    await PublishAsync(connection, roomId!, DescriptionOf(payload, "offer"), ackId);
                    break;
                case RoomEvents.SubscriberAnswer:
                    await SubscriberAnswerAsync(connection, roomId!, DescriptionOf(payload, "answer"), ackId);
                    break;
                case RoomEvents.Leave:
                    await LeaveFromSocketAsync(connection, roomId!, ackId);
                    break;
                case RoomEvents.SetLayer:
                    await SetLayerAsync(connection, roomId!, payload, ackId);
                    break;
                case SignalingEvents.ToggleAudio or SignalingEvents.ToggleVideo:
                    await ToggleAsync(connection, roomId!, name == SignalingEvents.ToggleAudio ? "audio" : "video", EnabledOf(payload), ackId);
                    break;
                default:
                    throw new RoomException(ErrorCodes.Validation, "Unknown room event " + name);
            }
        }
        catch (RoomException ex)
        {
            Fail(connection, ackId, ex.Code, ex.Message, roomId);
        }
        catch (Exception ex) when (ex is Sdp.SdpParseException or Sdp.SdpNegotiationException)
        {
            Fail(connection, ackId, ErrorCodes.Validation, "Invalid SDP: " + ex.Message, roomId);
        }
        catch (RpcException ex)
        {
            RoomsLog.EngineCallFailed(logger, ex, roomId ?? "-", connection.UserId);
            Fail(connection, ackId, ErrorCodes.MediaUnavailable, "The media engine refused or failed: " + ex.Status.Detail, roomId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RoomsLog.HandlerFailed(logger, ex, name);
            Fail(connection, ackId, ErrorCodes.CallFailed, "Room request failed", roomId);
        }
    }

    private static void Fail(SignalingConnection connection, long ackId, string code, string message, string? roomId)
    {
        var body = RoomPayload.Error(code, message, roomId);
        connection.Ack(ackId, body);
        connection.Emit(RoomEvents.Error, body);
    }

    /// <summary>Room ids are canonical lowercase UUIDs.</summary>
    private static string RoomIdOf(JsonElement payload)
    {
        if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("roomId", out var e) && e.ValueKind == JsonValueKind.String
            && e.GetString() is { Length: 36 } id && Guid.TryParseExact(id, "D", out _) && id == id.ToLowerInvariant())
        {
            return id;
        }

        throw new RoomException(ErrorCodes.Validation, "roomId must be a room id (UUID)");
    }

    /// <summary>An SDP as RTCSessionDescriptionInit (<c>{type, sdp}</c>) or as the bare SDP string.</summary>
    private static string DescriptionOf(JsonElement payload, string name)
    {
        if (payload.TryGetProperty(name, out var e))
        {
            if (e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } bare)
            {
                return bare;
            }

            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("sdp", out var sdp) && sdp.ValueKind == JsonValueKind.String
                && sdp.GetString() is { Length: > 0 } text)
            {
                if (e.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() != name)
                {
                    throw new RoomException(ErrorCodes.Validation, $"{name}.type must be '{name}'");
                }

                return text;
            }
        }

        throw new RoomException(ErrorCodes.Validation, $"{name} must be an SDP {name} ({{type, sdp}} or a string)");
    }

    private static bool EnabledOf(JsonElement payload)
    {
        if (payload.TryGetProperty("enabled", out var e) && e.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return e.GetBoolean();
        }

        throw new RoomException(ErrorCodes.Validation, "enabled must be a boolean");
    }

    private Task CreateFromSocketAsync(SignalingConnection connection, JsonElement payload, long ackId)
    {
        string? name = null;
        if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("name", out var n))
        {
            if (n.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                throw new RoomException(ErrorCodes.Validation, "name must be a string");
            }

            name = n.GetString();
        }

        var room = Create(connection.User!, name);
        connection.Ack(ackId, RoomPayload.Created(room));
        return Task.CompletedTask;
    }

    /// <summary>Loads the room and the sender's membership under the room gate (released by the caller).</summary>
    private async Task<(Room Room, RoomMember Member)> EnterAsync(SignalingConnection connection, string roomId)
    {
        var room = Find(roomId) ?? throw new RoomException(ErrorCodes.NotFound, "Room not found");
        await room.Gate.WaitAsync();
        if (room.Closed || !room.Members.TryGetValue(connection.UserId, out var member))
        {
            room.Gate.Release();
            throw new RoomException(ErrorCodes.Forbidden, "You are not in this room");
        }

        if (member.Sid != connection.Sid)
        {
            room.Gate.Release();
            throw new RoomException(ErrorCodes.Forbidden, "This room is handled by another of your devices");
        }

        return (room, member);
    }
}
