using System.Text.Json;
using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.Signaling;

public sealed partial class CallCoordinator
{
    /// <summary>
    /// ice-candidate {targetUserId, candidate, roomId}, both directions: relayed untouched to the other side of the
    /// sender's own call (its bound socket once there is one). Anyone else — a third user naming someone else's
    /// room, or a wrong target — is refused with AUTH003 and counted.
    /// </summary>
    private async Task IceCandidateAsync(SignalingConnection connection, JsonElement payload, long ackId)
    {
        var call = await LoadOwnCallAsync(connection, payload, ackId);
        if (call is null)
        {
            return;
        }

        var peer = call.PeerOf(connection.UserId);
        if (!TryString(payload, "targetUserId", 24, out var target) || target != peer)
        {
            await FailAsync(connection, ackId, ErrorCodes.Forbidden, "targetUserId is not the other side of this call", call.CallId, denied: true);
            return;
        }

        var candidate = Property(payload, "candidate");
        if (!IsOpaque(candidate, allowNull: true))
        {
            await FailAsync(connection, ackId, ErrorCodes.Validation, "candidate must be an object, a string or null", call.CallId, invalid: true);
            return;
        }

        var relayed = SignalPayload.Build((call.CallId, target, connection.UserId, candidate), static (w, s) =>
        {
            w.WriteString("roomId", s.CallId);
            w.WriteString("targetUserId", s.target);
            w.WriteString("fromUserId", s.UserId);
            SignalPayload.WriteRaw(w, "candidate", s.candidate);
        });
        connection.Ack(ackId, SignalPayload.Ok(call.CallId));
        await hub.SendToUserAsync(peer, SignalingEvents.IceCandidate, relayed, only: PeerConnection(call, connection.UserId));
    }

    /// <summary>toggle-audio / toggle-video {roomId, enabled}: relayed to the peer as {roomId, userId, enabled}.</summary>
    private async Task ToggleAsync(SignalingConnection connection, string name, JsonElement payload, long ackId)
    {
        var call = await LoadOwnCallAsync(connection, payload, ackId);
        if (call is null)
        {
            return;
        }

        if (!payload.TryGetProperty("enabled", out var enabled) || enabled.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            await FailAsync(connection, ackId, ErrorCodes.Validation, "enabled must be true or false", call.CallId, invalid: true);
            return;
        }

        var relayed = SignalPayload.Build((call.CallId, connection.UserId, enabled.GetBoolean()), static (w, s) =>
        {
            w.WriteString("roomId", s.CallId);
            w.WriteString("userId", s.UserId);
            w.WriteBoolean("enabled", s.Item3);
        });
        connection.Ack(ackId, SignalPayload.Ok(call.CallId));
        await hub.SendToUserAsync(call.PeerOf(connection.UserId), name, relayed, only: PeerConnection(call, connection.UserId));
    }

    /// <summary>The socket speaking for the other side, or null (all its sockets) while it has none bound.</summary>
    private static string? PeerConnection(LiveCall call, string userId)
    {
        var peerRole = call.RoleOf(userId) == CallRole.Caller ? CallRole.Callee : CallRole.Caller;
        return call.GoneOf(peerRole) is null ? call.ConnectionOf(peerRole) : null;
    }
}
