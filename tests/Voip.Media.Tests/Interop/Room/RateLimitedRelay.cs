using System.Diagnostics;
using System.Net;

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
public sealed partial class RateLimitedRelay : BrowserPathRelay
{
    /// <summary>The bucket holds at most this many bytes: a short burst, not a second link.</summary>
    private const int BurstBytes = 3_000;

    private long _rateBps;
    private readonly int _queueLimitBytes;
    private readonly Queue<(byte[] Data, long EnqueuedTicks)> _queue = new();
    private readonly Thread _drain;
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
        : base(engine)
    {
        _rateBps = rateBps;
        _queueLimitBytes = (int)Math.Max(2 * 1500, rateBps / 8 * queueMs / 1000);
        _drain = new Thread(Drain) { IsBackground = true, Name = "relay-drain" };
        Start();
        _drain.Start();
    }

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

    /// <summary>Engine → queue: drop-tail when the datagram does not fit.</summary>
    protected override void OnFromEngine(ReadOnlySpan<byte> datagram)
    {
        NoteExtensions(datagram);
        lock (_queue)
        {
            if (_queuedBytes + datagram.Length > _queueLimitBytes)
            {
                _dropped++;
                return;
            }

            _queue.Enqueue((datagram.ToArray(), Stopwatch.GetTimestamp()));
            _queuedBytes += datagram.Length;
            Monitor.Pulse(_queue);
        }
    }

    /// <summary>Queue → browser through the token bucket. Sleeps while it waits for tokens or datagrams.</summary>
    private void Drain()
    {
        double tokens = BurstBytes;
        long last = Stopwatch.GetTimestamp();
        while (!Stop.IsCancellationRequested)
        {
            double bytesPerTick = RateBps / 8.0 / Stopwatch.Frequency;
            byte[] head;
            long enqueued;
            lock (_queue)
            {
                while (_queue.Count == 0 && !Stop.IsCancellationRequested)
                {
                    Monitor.Wait(_queue, 50);
                }

                if (Stop.IsCancellationRequested)
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

            if (SendToBrowser(head))
            {
                Interlocked.Increment(ref _forwarded);
                Interlocked.Add(ref _forwardedBytes, head.Length);
            }
        }
    }

    public override void Dispose()
    {
        Stop.Cancel();
        lock (_queue)
        {
            Monitor.PulseAll(_queue);
        }

        base.Dispose();
        _drain.Join(TimeSpan.FromSeconds(2));
    }
}
