using System.Diagnostics;
using System.Net.WebSockets;

namespace Voip.ControlPlane.Signaling;

public sealed partial class SignalingConnection
{
    /// <summary>
    /// Engine.IO v4 heartbeat: every pingInterval the server sends "2"; a client that has not answered "3" within
    /// pingTimeout is gone and its session is closed (and with it its presence and call bindings).
    /// </summary>
    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        var options = services.Options;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(options.PingInterval, cancellationToken);
            var sentAt = Stopwatch.GetTimestamp();
            Enqueue("2");
            await Task.Delay(options.PingTimeout, cancellationToken);
            if (Volatile.Read(ref lastPongTimestamp) < sentAt)
            {
                services.Counters.HeartbeatTimeout();
                Abort(WebSocketCloseStatus.NormalClosure, "ping timeout");
                return;
            }
        }
    }

    private async Task OnPongAsync()
    {
        Volatile.Write(ref lastPongTimestamp, Stopwatch.GetTimestamp());
        if (User is not null)
        {
            await services.Presence.SetOnlineAsync(User.UserId, Sid, services.Options.PresenceTimeToLive, CancellationToken.None);
        }
    }

    /// <summary>Token bucket: <see cref="SignalingOptions.EventsPerSecond"/> sustained, <see cref="SignalingOptions.EventBurst"/> burst.</summary>
    private bool TakeToken()
    {
        var now = Stopwatch.GetTimestamp();
        var options = services.Options;
        tokens = Math.Min(options.EventBurst, tokens + (Stopwatch.GetElapsedTime(tokensTimestamp, now).TotalSeconds * options.EventsPerSecond));
        tokensTimestamp = now;
        if (tokens < 1)
        {
            return false;
        }

        tokens--;
        return true;
    }
}
