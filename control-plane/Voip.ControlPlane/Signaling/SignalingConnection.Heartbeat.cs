using System.Diagnostics;
using System.Net.WebSockets;

namespace Voip.ControlPlane.Signaling;

public sealed partial class SignalingConnection
{
    /// <summary>
    /// Engine.IO v4 heartbeat: the server sends "2", the client must answer "3" within pingTimeout, and the next
    /// ping follows pingInterval after that answer (as the reference server schedules it). The client arms its own
    /// timer for pingInterval + pingTimeout after each ping, so pings must never be spaced by interval + timeout:
    /// with a fixed "sleep interval, ping, sleep timeout" cycle they arrived exactly at the client's deadline and
    /// any scheduling delay made socket.io-client drop the connection with "ping timeout".
    /// </summary>
    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        var options = services.Options;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(options.PingInterval, cancellationToken);

            // Forget pongs nobody asked for, so only an answer to this ping counts.
            while (pongs.CurrentCount > 0)
            {
                pongs.Wait(0, CancellationToken.None);
            }

            Enqueue("2");
            if (!await pongs.WaitAsync(options.PingTimeout, cancellationToken))
            {
                services.Counters.HeartbeatTimeout();
                Abort(WebSocketCloseStatus.NormalClosure, "ping timeout");
                return;
            }
        }
    }

    private async Task OnPongAsync()
    {
        if (pongs.CurrentCount == 0)
        {
            pongs.Release();
        }

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
