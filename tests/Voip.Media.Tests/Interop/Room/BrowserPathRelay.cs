using System.Net;
using System.Net.Sockets;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>
/// A UDP relay put on the path between a browser and the engine: the browser is told the relay's port as the
/// engine's candidate, the engine sees the relay's second socket as the browser. Browser → engine passes straight
/// through; what happens to engine → browser datagrams (drop some, queue them behind a slow link) is the subclass's
/// <see cref="OnFromEngine"/>, which delivers with <see cref="SendToBrowser"/>.
/// </summary>
public abstract class BrowserPathRelay : IDisposable
{
    private readonly Socket _browserSide = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _engineSide = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _engine;
    private readonly Thread _up;
    private readonly Thread _down;
    private volatile IPEndPoint? _browser;

    protected BrowserPathRelay(IPEndPoint engine)
    {
        _engine = engine;
        _browserSide.Bind(new IPEndPoint(IPAddress.Any, 0));
        _engineSide.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _up = new Thread(() => Relay(_browserSide, datagram => SendQuietly(_engineSide, datagram, _engine), learnBrowser: true)) { IsBackground = true, Name = "relay-up" };
        _down = new Thread(() => Relay(_engineSide, OnFromEngine, learnBrowser: false)) { IsBackground = true, Name = "relay-down" };
    }

    /// <summary>The port the browser should send to (on 127.0.0.1).</summary>
    public int Port => ((IPEndPoint)_browserSide.LocalEndPoint!).Port;

    protected CancellationTokenSource Stop { get; } = new();

    /// <summary>True when <paramref name="datagram"/> looks like RTP (RFC 5761 §4: not RTCP's 64–95 payload types).</summary>
    protected static bool IsRtp(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= 12 && datagram[0] is >= 128 and <= 191 && (datagram[1] & 0x7F) is < 64 or > 95;

    /// <summary>Starts relaying; call at the end of the subclass's constructor.</summary>
    protected void Start()
    {
        _up.Start();
        _down.Start();
    }

    /// <summary>Relay thread: one datagram from the engine, for the browser.</summary>
    protected abstract void OnFromEngine(ReadOnlySpan<byte> datagram);

    /// <summary>Delivers to the browser (once it has sent anything); false before that or when the send fails.</summary>
    protected bool SendToBrowser(ReadOnlySpan<byte> datagram) => _browser is { } browser && SendQuietly(_browserSide, datagram, browser);

    public virtual void Dispose()
    {
        Stop.Cancel();
        _browserSide.Dispose();
        _engineSide.Dispose();
        _up.Join(TimeSpan.FromSeconds(2));
        _down.Join(TimeSpan.FromSeconds(2));
        GC.SuppressFinalize(this);
    }

    private bool SendQuietly(Socket socket, ReadOnlySpan<byte> datagram, IPEndPoint to)
    {
        try
        {
            socket.SendTo(datagram, to);
            return true;
        }
        catch (SocketException) when (!Stop.IsCancellationRequested)
        {
            return false; // ICMP from a closed peer: keep relaying
        }
        catch (ObjectDisposedException) when (Stop.IsCancellationRequested)
        {
            return false;
        }
    }

    private delegate void DatagramHandler(ReadOnlySpan<byte> datagram);

    private void Relay(Socket from, DatagramHandler onDatagram, bool learnBrowser)
    {
        var buffer = new byte[2048];
        EndPoint sender = new IPEndPoint(IPAddress.Any, 0);
        while (!Stop.IsCancellationRequested)
        {
            try
            {
                int n = from.ReceiveFrom(buffer, ref sender);
                if (learnBrowser)
                {
                    _browser = (IPEndPoint)sender;
                }

                onDatagram(buffer.AsSpan(0, n));
            }
            catch (SocketException) when (!Stop.IsCancellationRequested)
            {
                // ICMP from a closed peer: keep relaying
            }
            catch (Exception) when (Stop.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
