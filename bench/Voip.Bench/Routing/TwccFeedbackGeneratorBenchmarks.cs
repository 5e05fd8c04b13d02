using BenchmarkDotNet.Attributes;
using Voip.Media.Rtcp;
using Voip.Media.Routing;

namespace Voip.Bench.Routing;

/// <summary>
/// Per packet of a 1000 packets/s stream with 2% loss: record the arrival and, when due (every 50 ms), write
/// the TWCC feedback. The baseline collects arrivals in a List and copies them to an array for the writer.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class TwccFeedbackGeneratorBenchmarks
{
    private const int Packets = 1000;
    private readonly TwccFeedbackGenerator _twcc = new();
    private readonly List<TransportWideCcArrival> _list = [];
    private readonly byte[] _buffer = new byte[1500];
    private ushort _seq;
    private long _nowUs = 1_000_000;
    private long _lastFeedbackUs;
    private byte _count;

    [Benchmark(Baseline = true, OperationsPerInvoke = Packets)]
    public int ListAndArray()
    {
        int bytes = 0;
        for (int i = 0; i < Packets; i++, _seq++, _nowUs += 1000)
        {
            if (_seq % 50 != 7)
            {
                _list.Add(new TransportWideCcArrival(_seq, _nowUs + (i % 3 * 100)));
            }

            if (_nowUs - _lastFeedbackUs >= 50_000 && _list.Count > 0)
            {
                var writer = new TransportWideCcWriter { SenderSsrc = 1, MediaSsrc = 2, FeedbackPacketCount = _count++, Arrivals = _list.ToArray() };
                writer.TryWrite(_buffer, out int written);
                bytes += written;
                _list.Clear();
                _lastFeedbackUs = _nowUs;
            }
        }

        return bytes;
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public int OnPacketAndFeedback()
    {
        int bytes = 0;
        for (int i = 0; i < Packets; i++, _seq++, _nowUs += 1000)
        {
            if (_seq % 50 != 7)
            {
                _twcc.OnPacket(_seq, _nowUs + (i % 3 * 100));
            }

            while (_twcc.TryWriteFeedback(_nowUs, 1, 2, _buffer, out int written))
            {
                bytes += written;
            }
        }

        return bytes;
    }
}
