using System.Net.WebSockets;
using System.Text;

namespace Voip.ControlPlane.Tests.Signaling;

/// <summary>
/// A bare <see cref="ClientWebSocket"/> speaking Engine.IO by hand, for what socket.io-client never sends:
/// oversized and malformed frames, a missing pong, a foreign Origin.
/// </summary>
public sealed class RawEngineIoClient : IAsyncDisposable
{
    private readonly ClientWebSocket socket;
    private readonly byte[] buffer = new byte[256 * 1024];

    private RawEngineIoClient(ClientWebSocket socket) => this.socket = socket;

    public WebSocketCloseStatus? CloseStatus => socket.CloseStatus;

    public static Uri EndpointOf(Uri baseAddress) =>
        new UriBuilder(baseAddress) { Scheme = "ws", Path = "/socket.io/", Query = "EIO=4&transport=websocket" }.Uri;

    /// <summary>Opens the socket and reads the Engine.IO open packet ("0{...}").</summary>
    public static async Task<RawEngineIoClient> ConnectAsync(Uri baseAddress, string? origin = null)
    {
        var socket = new ClientWebSocket();
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        await socket.ConnectAsync(EndpointOf(baseAddress), CancellationToken.None);
        var client = new RawEngineIoClient(socket);
        var open = await client.ReceiveAsync();
        Assert.That(open, Does.StartWith("0{\"sid\":"));
        return client;
    }

    /// <summary>
    /// Opens, then sends the namespace CONNECT with the token and expects the CONNECT reply. Pings that come first
    /// (short test intervals on a busy machine) are answered, or counted in <see cref="PingsSeen"/> when not.
    /// </summary>
    public static async Task<RawEngineIoClient> ConnectAuthenticatedAsync(Uri baseAddress, string token, bool answerPings = true)
    {
        var client = await ConnectAsync(baseAddress);
        await client.SendAsync("40{\"token\":\"" + token + "\"}");
        while (true)
        {
            var frame = await client.ReceiveAsync();
            Assert.That(frame, Is.Not.Null, $"closed before the CONNECT reply ({client.CloseStatus})");
            if (frame == "2")
            {
                client.PingsSeen++;
                if (answerPings)
                {
                    await client.SendAsync("3");
                }

                continue;
            }

            Assert.That(frame, Does.StartWith("40{\"sid\":"));
            return client;
        }
    }

    public int PingsSeen { get; private set; }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public async Task SendAsync(byte[] data, WebSocketMessageType type) =>
        await socket.SendAsync(data, type, true, CancellationToken.None);

    /// <summary>The next text frame, or null when the server closed the socket (see <see cref="CloseStatus"/>).</summary>
    public async Task<string?> ReceiveAsync(double seconds = 5)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return result.MessageType == WebSocketMessageType.Close ? null : Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>Reads frames until one satisfies <paramref name="match"/> (skipping pings and other traffic).</summary>
    public async Task<string> ReceiveMatchingAsync(Func<string, bool> match, double seconds = 5)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var left = (deadline - DateTime.UtcNow).TotalSeconds;
            Assert.That(left, Is.GreaterThan(0), "no matching frame in time");
            var frame = await ReceiveAsync(left);
            Assert.That(frame, Is.Not.Null, $"server closed the socket ({CloseStatus})");
            if (match(frame!))
            {
                return frame!;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        socket.Dispose();
    }
}
