using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>
/// A UDP relay between a browser and the engine that behaves like a bottleneck link toward the browser: every
/// datagram from the engine (RTP, RTCP, STUN, DTLS alike) enters a bounded FIFO that drains through a token
/// bucket at a fixed rate; a datagram that would overfill the queue is dropped (drop-tail). When the engine sends
/// faster than the rate, the queue — and with it the one-way delay — grows, which is what a delay-based
/// estimator (Chromium's REMB) detects as over-use. Browser → engine passes straight through.
/// The browser is told the relay's port as the engine's candidate; the engine sees the relay's second socket as
/// the browser. What it saw of the RTP headers (SRTP leaves them in the clear) is in the Diagnostics part.
/// </summary>
public sealed partial class RateLimitedRelay : IDisposable
{
    /// <summary>The bucket holds at most this many bytes: a short burst, not a second link.</summary>
    private const int BurstBytes = 3_000;

    private readonly Socket _browserSide = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _engineSide = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _engine;
    private long _rateBps;
    private readonly int _queueLimitBytes;
    private readonly Queue<(byte[] Data, long EnqueuedTicks)> _queue = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _up;
    private readonly Thread _down;
    private readonly Thread _drain;
    private volatile IPEndPoint? _browser;
    private int _queuedBytes;
    private long _dropped;
    private long _forwarded;
    private long _forwardedBytes;
    private long _delayTicksSum;
    private long _maxDelayTicks;

    /// <param name="engine">Where the engine's transport listens.</param>
    /// <param name="rateBps">The link's rate toward the browser, bits/s (IP/UDP headers not counted).</param>
    /// <param name="queueMs">The queue holds this long's worth of bytes at <paramref name="rateBps"/>.</param>
    public RateLimitedRelay(IPEndPoint engine, long rateBps, int queueMs)
    {
        _engine = engine;
        _rateBps = rateBps;
        _queueLimitBytes = (int)Math.Max(2 * 1500, rateBps / 8 * queueMs / 1000);
        _browserSide.Bind(new IPEndPoint(IPAddress.Any, 0));
        _engineSide.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _up = new Thread(Up) { IsBackground = true, Name = "relay-up" };
        _down = new Thread(Down) { IsBackground = true, Name = "relay-down" };
        _drain = new Thread(Drain) { IsBackground = true, Name = "relay-drain" };
        _up.Start();
        _down.Start();
        _drain.Start();
    }

    /// <summary>The port the browser should send to (on 127.0.0.1).</summary>
    public int Port => ((IPEndPoint)_browserSide.LocalEndPoint!).Port;

    /// <summary>The link's rate toward the browser, bits/s; may be changed while relaying (a link that degrades).</summary>
    public long RateBps
    {
        get => Interlocked.Read(ref _rateBps);
        set => Interlocked.Exchange(ref _rateBps, value);
    }

    public int QueueLimitBytes => _queueLimitBytes;

    /// <summary>Bytes waiting in the queue now.</summary>
    public int QueuedBytes => Volatile.Read(ref _queuedBytes);

    /// <summary>Datagrams toward the browser dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Datagrams delivered to the browser.</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    public long ForwardedBytes => Interlocked.Read(ref _forwardedBytes);

    /// <summary>The longest a delivered datagram waited in the queue.</summary>
    public TimeSpan MaxQueueDelay => TimeSpan.FromSeconds((double)Interlocked.Read(ref _maxDelayTicks) / Stopwatch.Frequency);

    /// <summary>The mean time delivered datagrams waited in the queue.</summary>
    public TimeSpan MeanQueueDelay
    {
        get
        {
            long n = Forwarded;
            return n == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)Interlocked.Read(ref _delayTicksSum) / Stopwatch.Frequency / n);
        }
    }

    public override string ToString() =>
        $"rate {RateBps / 1000} kbps, queue ≤ {_queueLimitBytes} B: forwarded {Forwarded} ({ForwardedBytes} B), dropped {Dropped}, " +
        $"queue delay mean {MeanQueueDelay.TotalMilliseconds:0} ms, max {MaxQueueDelay.TotalMilliseconds:0} ms, RTP header extension ids seen [{ExtensionIdsSeen}], {AbsSendTimeSummary}";

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

    /// <summary>Engine → queue: drop-tail when the datagram does not fit.</summary>
    private void Down()
    {
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                int n = _engineSide.ReceiveFrom(buffer, ref from);
                NoteExtensions(buffer.AsSpan(0, n));
                lock (_queue)
                {
                    if (_queuedBytes + n > _queueLimitBytes)
                    {
                        _dropped++;
                        continue;
                    }

                    _queue.Enqueue((buffer.AsSpan(0, n).ToArray(), Stopwatch.GetTimestamp()));
                    _queuedBytes += n;
                    Monitor.Pulse(_queue);
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

    /// <summary>Queue → browser through the token bucket. Sleeps while it waits for tokens or datagrams.</summary>
    private void Drain()
    {
        double tokens = BurstBytes;
        long last = Stopwatch.GetTimestamp();
        while (!_stop.IsCancellationRequested)
        {
            double bytesPerTick = RateBps / 8.0 / Stopwatch.Frequency;
            byte[] head;
            long enqueued;
            lock (_queue)
            {
                while (_queue.Count == 0 && !_stop.IsCancellationRequested)
                {
                    Monitor.Wait(_queue, 50);
                }

                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                (head, enqueued) = _queue.Peek();
            }

            // Refill by the time that really passed (Stopwatch), so an oversleep is made up, never lost.
            long now = Stopwatch.GetTimestamp();
            tokens = Math.Min(BurstBytes, tokens + (now - last) * bytesPerTick);
            last = now;
            if (tokens < head.Length)
            {
                double waitMs = (head.Length - tokens) / bytesPerTick * 1000 / Stopwatch.Frequency;
                Thread.Sleep(Math.Max(1, (int)waitMs));
                continue;
            }

            tokens -= head.Length;
            lock (_queue)
            {
                _queue.Dequeue();
                _queuedBytes -= head.Length;
            }

            long delay = Stopwatch.GetTimestamp() - enqueued;
            Interlocked.Add(ref _delayTicksSum, delay);
            if (delay > Interlocked.Read(ref _maxDelayTicks))
            {
                Interlocked.Exchange(ref _maxDelayTicks, delay);
            }

            try
            {
                if (_browser is { } browser)
                {
                    _browserSide.SendTo(head, browser);
                    Interlocked.Increment(ref _forwarded);
                    Interlocked.Add(ref _forwardedBytes, head.Length);
                }
            }
            catch (SocketException) when (!_stop.IsCancellationRequested)
            {
                // keep relaying
            }
            catch (ObjectDisposedException) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        lock (_queue)
        {
            Monitor.PulseAll(_queue);
        }

        _browserSide.Dispose();
        _engineSide.Dispose();
        _up.Join(TimeSpan.FromSeconds(2));
        _down.Join(TimeSpan.FromSeconds(2));
        _drain.Join(TimeSpan.FromSeconds(2));
    }
}
