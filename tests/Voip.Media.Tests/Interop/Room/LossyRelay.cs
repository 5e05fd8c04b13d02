using System.Net;
using System.Net.Sockets;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>
/// A UDP relay between a browser and the engine that drops a share of the RTP going to the browser (never
/// STUN, DTLS or RTCP), so loss repair can be watched end to end. The browser is told the relay's port as
/// the engine's candidate; the engine sees the relay's second socket as the browser.
/// </summary>
public sealed class LossyRelay : IDisposable
{
    private readonly Socket _browserSide = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _engineSide = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _engine;
    private readonly double _dropRate;
    private readonly Random _random = new(5);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _up;
    private readonly Thread _down;
    private volatile IPEndPoint? _browser;
    private long _dropped;
    private long _forwardedRtp;

    public LossyRelay(IPEndPoint engine, double dropRate)
    {
        _engine = engine;
        _dropRate = dropRate;
        _browserSide.Bind(new IPEndPoint(IPAddress.Any, 0));
        _engineSide.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _up = new Thread(Up) { IsBackground = true, Name = "relay-up" };
        _down = new Thread(Down) { IsBackground = true, Name = "relay-down" };
        _up.Start();
        _down.Start();
    }

    /// <summary>The port the browser should send to (on 127.0.0.1).</summary>
    public int Port => ((IPEndPoint)_browserSide.LocalEndPoint!).Port;

    public long Dropped => Interlocked.Read(ref _dropped);

    public long ForwardedRtp => Interlocked.Read(ref _forwardedRtp);

    private void Up()
    {
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                int n = _browserSide.ReceiveFrom(buffer, ref from);
                _browser = (IPEndPoint)from;
                _engineSide.SendTo(buffer.AsSpan(0, n), _engine);
            }
            catch (SocketException) when (!_stop.IsCancellationRequested)
            {
                // ICMP from a closed peer: keep relaying
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private void Down()
    {
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                int n = _engineSide.ReceiveFrom(buffer, ref from);
                bool rtp = n >= 12 && buffer[0] is >= 128 and <= 191 && (buffer[1] & 0x7F) is < 64 or > 95;
                if (rtp)
                {
                    lock (_random)
                    {
                        if (_random.NextDouble() < _dropRate)
                        {
                            Interlocked.Increment(ref _dropped);
                            continue;
                        }
                    }

                    Interlocked.Increment(ref _forwardedRtp);
                }

                if (_browser is { } browser)
                {
                    _browserSide.SendTo(buffer.AsSpan(0, n), browser);
                }
            }
            catch (SocketException) when (!_stop.IsCancellationRequested)
            {
                // keep relaying
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _browserSide.Dispose();
        _engineSide.Dispose();
        _up.Join(TimeSpan.FromSeconds(2));
        _down.Join(TimeSpan.FromSeconds(2));
    }
}
