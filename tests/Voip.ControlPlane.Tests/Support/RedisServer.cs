using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Voip.ControlPlane.Tests.Support;

/// <summary>
/// A real redis-server (Debian package) on a free loopback port, with persistence off, stopped with
/// SHUTDOWN NOSAVE and then by its own PID (TESTING.md).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string directory;
    private readonly Process process;

    private RedisServer(int port, string directory, Process process)
    {
        Port = port;
        this.directory = directory;
        this.process = process;
    }

    public int Port { get; }

    public static string? Executable => File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : null;

    public static async Task<RedisServer> StartAsync()
    {
        var exe = Executable ?? throw new InconclusiveException("redis-server is not installed (apt-get install -y redis-server)");
        var port = FreePort();
        var dir = Path.Combine(Path.GetTempPath(), "voip-cp-redis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var pidFile = Path.Combine(dir, "redis.pid");
        var start = new ProcessStartInfo(exe)
        {
            ArgumentList =
            {
                "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir,
                "--pidfile", pidFile, "--logfile", Path.Combine(dir, "redis.log"),
            },
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        for (var i = 0; i < 100 && !process.HasExited; i++)
        {
            if (await PingAsync(port))
            {
                return new RedisServer(port, dir, process);
            }

            await Task.Delay(50);
        }

        if (!process.HasExited)
        {
            process.Kill();
        }

        process.Dispose();
        throw new InvalidOperationException("redis-server did not start; see " + Path.Combine(dir, "redis.log"));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            await client.GetStream().WriteAsync("SHUTDOWN NOSAVE\r\n"u8.ToArray());
        }
        catch (SocketException)
        {
        }

        // Stop by our own PID if SHUTDOWN did not end it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<bool> PingAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
