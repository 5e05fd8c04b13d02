using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Voip.ControlPlane.Auth;
using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.Signaling;

public sealed partial class SignalingConnection
{
    /// <summary>First receive buffer for a frame: most Socket.IO frames fit (an SDP offer is a few KiB); bigger ones grow it.</summary>
    private const int InitialReceiveBuffer = 16 * 1024;

    /// <summary>
    /// Reads frames in order. An idle socket holds no buffer: it waits for the next frame with a zero-byte receive
    /// (the WebSocket reads only the frame header) and rents one only while a frame is read and handled. A rented
    /// 16 KiB buffer per socket for its lifetime was 40 % of a 5,000-socket server's heap, and every byte of it was
    /// copied again whenever a collection compacted (bench/results/signaling.md).
    /// </summary>
    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var max = services.Options.MaxPayload;
        using var connectTimeout = new CancellationTokenSource(services.Options.ConnectTimeout);
        connectTimeout.Token.Register(static state =>
        {
            var self = (SignalingConnection)state!;
            if (self.User is null)
            {
                self.Abort(WebSocketCloseStatus.PolicyViolation, "no namespace connect");
            }
        }, this);
        var connectTimeoutArmed = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            var first = await socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
            if (first.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(first.EndOfMessage ? 16 : Math.Min(max, InitialReceiveBuffer));
            try
            {
                var length = 0;
                var result = first;
                while (!result.EndOfMessage)
                {
                    // The pool may hand out more than asked for, so "full" means full up to the cap.
                    if (length >= Math.Min(buffer.Length, max))
                    {
                        if (length >= max)
                        {
                            // Engine.IO maxPayload: the reference server closes the session too.
                            services.Counters.Oversized();
                            Abort(WebSocketCloseStatus.MessageTooBig, "payload too large");
                            return;
                        }

                        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(max, buffer.Length * 2));
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length, Math.Min(buffer.Length, max) - length), cancellationToken);
                    length += result.Count;
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    // Binary attachments (packet types 5/6) are not served by this endpoint.
                    services.Counters.Malformed();
                    continue;
                }

                if (!await HandleFrameAsync(buffer.AsMemory(0, length)))
                {
                    return;
                }

                if (connectTimeoutArmed && User is not null)
                {
                    // Authenticated: release the timer, its registration and the source now rather than at the
                    // connect timeout. Left armed, every socket of a connect storm kept them alive into the calls
                    // that follow, and they were promoted with the socket (issue 6).
                    connectTimeoutArmed = false;
                    connectTimeout.Dispose();
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Handles one text frame; false ends the session.</summary>
    private async Task<bool> HandleFrameAsync(ReadOnlyMemory<byte> frame)
    {
        long ackId;
        ReadOnlyMemory<byte> json;
        SocketIoPacketType type;
        {
            var status = SocketIoFrame.TryParse(frame.Span, out var parsed);
            if (status != FrameParseStatus.Ok)
            {
                services.Counters.Malformed();
                return true;
            }

            switch (parsed.EngineType)
            {
                case EngineIoPacketType.Pong:
                    await OnPongAsync();
                    return true;
                case EngineIoPacketType.Ping:
                    // Not part of v4 from a client, but harmless: answer like v3 servers did.
                    Enqueue("3");
                    return true;
                case EngineIoPacketType.Close:
                    return false;
                case EngineIoPacketType.Message:
                    break;
                default:
                    return true;
            }

            if (!parsed.IsMainNamespace)
            {
                if (parsed.SocketType == SocketIoPacketType.Connect)
                {
                    services.Counters.RefusedConnect();
                    Enqueue("44" + System.Text.Encoding.UTF8.GetString(parsed.Namespace) + ",{\"message\":\"Invalid namespace\"}");
                }
                else
                {
                    services.Counters.Malformed();
                }

                return true;
            }

            type = parsed.SocketType;
            ackId = parsed.AckId;
            var offset = parsed.Json.IsEmpty ? frame.Length : frame.Length - parsed.Json.Length;
            json = frame[offset..];
        }

        switch (type)
        {
            case SocketIoPacketType.Connect:
                await OnConnectAsync(json);
                return true;
            case SocketIoPacketType.Disconnect:
                return false;
            case SocketIoPacketType.Event:
                await OnEventAsync(json, ackId);
                return true;
            default:
                // Acks to our emits (we ask for none) and client-sent CONNECT_ERROR are ignored.
                return true;
        }
    }

    /// <summary>Namespace CONNECT: <c>40{"token":"…"}</c>; answered <c>40{"sid":"…"}</c> or <c>44{"message","data":{code}}</c>.</summary>
    private async Task OnConnectAsync(ReadOnlyMemory<byte> json)
    {
        if (User is not null)
        {
            services.Counters.Malformed();
            return;
        }

        string? token = null;
        try
        {
            if (!json.IsEmpty)
            {
                using var doc = JsonDocument.Parse(json);
                if (doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String)
                {
                    token = t.GetString();
                }
            }
        }
        catch (JsonException)
        {
            services.Counters.Malformed();
        }

        if (token is not null && token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = token["Bearer ".Length..];
        }

        var (user, code, message) = await AuthenticateAsync(token);
        if (user is null)
        {
            services.Counters.RefusedConnect();
            Enqueue("44" + SignalPayload.ConnectError(message, code));
            return;
        }

        User = user;
        await services.Hub.RegisterAsync(this);
        var wasOnline = await services.Calls.MarkOnlineAsync(this);
        Enqueue("40{\"sid\":\"" + Sid + "\"}");
        SignalingLog.Connected(services.Logger, Sid, user.UserId);
        await services.Calls.OnConnectedAsync(this, wasOnline);
        await services.Rooms.OnConnectedAsync(this);
    }

    private async Task<(AuthenticatedUser? User, string Code, string Message)> AuthenticateAsync(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (null, ErrorCodes.InvalidCredentials, "Authentication token required");
        }

        var result = await services.Tokens.ValidateAccessTokenAsync(token);
        switch (result.Status)
        {
            case TokenValidationStatus.Expired:
                return (null, ErrorCodes.TokenExpired, "Token expired");
            case TokenValidationStatus.Invalid:
                return (null, ErrorCodes.InvalidCredentials, "Invalid token");
        }

        var user = result.User!;
        if (await services.Revocations.IsRevokedAsync(user.TokenId, user.SessionId, CancellationToken.None))
        {
            return (null, ErrorCodes.InvalidCredentials, "Token has been revoked");
        }

        return (user, "", "");
    }

    private async Task OnEventAsync(ReadOnlyMemory<byte> json, long ackId)
    {
        if (User is null)
        {
            // Events before CONNECT belong to no socket.
            services.Counters.Malformed();
            return;
        }

        if (!TakeToken())
        {
            services.Counters.Limited();
            Ack(ackId, SignalPayload.Error(ErrorCodes.RateLimited, "Too many events", null));
            return;
        }

        if (User.ExpiresAt <= services.Time.GetUtcNow())
        {
            // The token ran out mid-session: tell the client (AUTH002) and end the session so it reconnects with a fresh one.
            var error = SignalPayload.Error(ErrorCodes.TokenExpired, "Token expired", null);
            Ack(ackId, error);
            Emit(SignalingEvents.CallError, error);
            Enqueue("41");
            Abort(WebSocketCloseStatus.NormalClosure, "token expired");
            return;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            services.Counters.Malformed();
            return;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0 || root[0].ValueKind != JsonValueKind.String)
            {
                services.Counters.Malformed();
                return;
            }

            var name = root[0].GetString()!;
            var payload = root.GetArrayLength() > 1 ? root[1] : default;
            try
            {
                if (services.Rooms.Handles(this, name, payload))
                {
                    await services.Rooms.HandleEventAsync(this, name, payload, ackId);
                }
                else
                {
                    await services.Calls.HandleEventAsync(this, name, payload, ackId);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SignalingLog.HandlerFailed(services.Logger, ex, name);
                var error = SignalPayload.Error(ErrorCodes.CallFailed, "Signaling failed", null);
                Ack(ackId, error);
                Emit(SignalingEvents.CallError, error);
            }
        }
    }
}
