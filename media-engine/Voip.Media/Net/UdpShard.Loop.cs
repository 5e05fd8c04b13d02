using System.Collections.Concurrent;

namespace Voip.Media.Net;

// The parts of the loop shared by both I/O paths: delivery, commands, ticks.
public sealed partial class UdpShard
{
    // Bounds the control-plane work done between two receive batches so commands cannot starve media.
    private const int MaxCommandsPerTurn = 64;

    private readonly ConcurrentQueue<Action<UdpShard>> _commands = new();
    private long _nextTickMs;

    /// <summary>
    /// Queues a command from any thread (the control plane) to run on the shard thread between batches.
    /// The loop is woken at once on Linux and within one tick on the portable path. Commands posted
    /// after the shard stopped never run. Exceptions they throw are caught and counted.
    /// </summary>
    public void Post(Action<UdpShard> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _commands.Enqueue(command);
        Wake();
    }

    private void Deliver(Span<byte> slot, int length, bool truncated, in UdpEndpoint remote, long nowMs)
    {
        _datagramsReceived++;
        if (truncated || length > MaxDatagramSize)
        {
            _droppedOversize++;
            return;
        }

        _bytesReceived += length;
        try
        {
            _handler.OnDatagram(this, slot[..length], remote, nowMs);
        }
        catch (Exception ex)
        {
            // Last line of defence: a handler bug must cost one datagram, not the shard.
            _handlerExceptions++;
            LastHandlerException = ex;
        }
    }

    /// <summary>Work done after every receive batch and every wake-up: flush, commands, timers, flush.</summary>
    private void BetweenBatches(long nowMs)
    {
        FlushSends();
        if (!_commands.IsEmpty)
        {
            RunCommands();
        }

        if (nowMs >= _nextTickMs)
        {
            _nextTickMs = nowMs + _tickMs;
            _ticks++;
            RotateLatencyWindow(nowMs);
            try
            {
                _handler.OnTick(this, nowMs);
            }
            catch (Exception ex)
            {
                _handlerExceptions++;
                LastHandlerException = ex;
            }
        }

        FlushSends();
    }

    private void RunCommands()
    {
        for (int i = 0; i < MaxCommandsPerTurn && _commands.TryDequeue(out Action<UdpShard>? command); i++)
        {
            _commandsExecuted++;
            try
            {
                command(this);
            }
            catch (Exception ex)
            {
                _handlerExceptions++;
                LastHandlerException = ex;
            }
        }
    }

    /// <summary>Milliseconds the loop may sleep before the next tick is due.</summary>
    private int SleepBudgetMs(long nowMs) => (int)Math.Clamp(_nextTickMs - nowMs, 0, _tickMs);
}
