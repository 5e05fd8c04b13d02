using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Voip.ControlPlane.Auth;

namespace Voip.ControlPlane.Signaling;

/// <summary>
/// One Engine.IO session over one WebSocket, carrying the main Socket.IO namespace. Three loops: receive
/// (parses and dispatches frames in order), send (drains a bounded queue, so no caller ever waits on the
/// network) and heartbeat (Engine.IO v4: the server pings, the client must pong within pingTimeout).
/// </summary>
public sealed partial class SignalingConnection
{
    private readonly WebSocket socket;
    private readonly SignalingServices services;
    private readonly Channel<OutgoingFrame> outbox;
    private readonly CancellationTokenSource lifetime = new();
    private readonly SemaphoreSlim pongs = new(0, 1);
    private Task closing = Task.CompletedTask;
    private Task sending = Task.CompletedTask;
    private readonly TaskCompletionSource receiveEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int aborting;
    private double tokens;
    private long tokensTimestamp;

    internal SignalingConnection(WebSocket socket, SignalingServices services)
    {
        this.socket = socket;
        this.services = services;
        EngineId = NewId();
        Sid = NewId();
        outbox = Channel.CreateBounded<OutgoingFrame>(new BoundedChannelOptions(services.Options.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
            // The idle send loop resumes on the emitting thread and hands the frame to the socket there, instead
            // of a thread-pool hop (and often a thread wake-up) for every frame; Emit never waits on the network
            // either way (a pending send returns to the caller at once), and no caller emits under a lock.
            AllowSynchronousContinuations = true,
        });
        tokens = services.Options.EventBurst;
        tokensTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    /// <summary>The Engine.IO session id (sent in the open packet).</summary>
    public string EngineId { get; }

    /// <summary>The Socket.IO socket id (sent in the CONNECT reply); the connection id used by presence and calls.</summary>
    public string Sid { get; }

    /// <summary>Set once the namespace CONNECT carried a valid token.</summary>
    public AuthenticatedUser? User { get; private set; }

    public string UserId => User?.UserId ?? "";

    /// <summary>Users whose presence this socket asked to be told about (guarded by the coordinator's watcher index).</summary>
    internal HashSet<string> Watching { get; } = new(StringComparer.Ordinal);

    internal async Task RunAsync(CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, lifetime.Token);
        var token = linked.Token;
        services.Counters.Connection();
        var sender = SendLoopAsync(token);
        Volatile.Write(ref sending, sender);
        Enqueue(OpenPacket());
        var heartbeat = HeartbeatLoopAsync(token);
        try
        {
            await ReceiveLoopAsync(token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Peer vanished or we closed it: normal end of a session.
        }
        catch (Exception ex)
        {
            SignalingLog.Failed(services.Logger, ex, Sid);
        }
        finally
        {
            receiveEnded.TrySetResult();
            outbox.Writer.TryComplete();
            await Volatile.Read(ref closing);
            await DrainUntilCloseAsync();
            await lifetime.CancelAsync();
            await Task.WhenAll(Quiet(sender), Quiet(heartbeat));
            if (User is not null)
            {
                await services.Hub.UnregisterAsync(this);
                await services.Calls.OnDisconnectedAsync(this);
                await services.Rooms.OnDisconnectedAsync(this);
            }

            SignalingLog.Closed(services.Logger, Sid);
            lifetime.Dispose();
            pongs.Dispose();
        }
    }

    /// <summary>
    /// Ends the session (heartbeat timeout, oversized frame, slow consumer): the close frame with its status goes
    /// out first and only then are the loops cancelled, because cancelling a pending WebSocket send aborts the
    /// socket and the client would see 1006 instead of the status (e.g. 1009 for an oversized frame).
    /// </summary>
    internal void Abort(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.Exchange(ref aborting, 1) == 0)
        {
            Volatile.Write(ref closing, CloseThenStopAsync(status, reason));
        }
    }

    private async Task CloseThenStopAsync(WebSocketCloseStatus status, string reason)
    {
        // Let what is already queued (a last call-error, "41") go out before the close frame.
        outbox.Writer.TryComplete();
        try
        {
            await Volatile.Read(ref sending).WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or TimeoutException or ChannelClosedException)
        {
        }

        if (socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await socket.CloseOutputAsync(status, reason, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or InvalidOperationException)
            {
            }
        }

        // The close handshake (RFC 6455 §7.1.1): the receive loop ends when the client's Close arrives. Closing the
        // TCP connection before reading it would make the kernel answer with a reset, and a client may then lose
        // our close frame. A client that never answers is cut off after a second.
        try
        {
            await receiveEnded.Task.WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
        }

        try
        {
            await lifetime.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// After we sent a close from inside the receive loop (oversized frame), read and discard until the client's
    /// Close, so the rest of its frame does not sit unread when the connection closes (which would reset it).
    /// </summary>
    private async Task DrainUntilCloseAsync()
    {
        if (socket.State != WebSocketState.CloseSent)
        {
            return;
        }

        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            while (true)
            {
                var result = await socket.ReceiveAsync(scratch.AsMemory(), timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or InvalidOperationException)
        {
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static async Task Quiet(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or ChannelClosedException)
        {
        }
    }

    private string OpenPacket()
    {
        var o = services.Options;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"0{{\"sid\":\"{EngineId}\",\"upgrades\":[],\"pingInterval\":{(long)o.PingInterval.TotalMilliseconds},\"pingTimeout\":{(long)o.PingTimeout.TotalMilliseconds},\"maxPayload\":{o.MaxPayload}}}");
    }

    /// <summary>20 random bytes, base64url: unguessable ids like the reference server's.</summary>
    private static string NewId()
    {
        Span<byte> bytes = stackalloc byte[15];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }
}
