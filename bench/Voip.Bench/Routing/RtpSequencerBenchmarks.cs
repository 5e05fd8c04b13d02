using BenchmarkDotNet.Attributes;
using Voip.Media.Routing;

namespace Voip.Bench.Routing;

/// <summary>
/// Per packet: map a consumer's sequence number and timestamp, with a layer switch every 500 packets and
/// a few reordered packets. The baseline is bare offset arithmetic (no duplicate or run checks): the floor.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class RtpSequencerBenchmarks
{
    private const int Packets = 1000;
    private RtpSequencer _sequencer;
    private ushort _seqOffset;
    private uint _tsOffset;
    private ushort _in;
    private long _now;

    [Benchmark(Baseline = true, OperationsPerInvoke = Packets)]
    public int OffsetOnly()
    {
        int sum = 0;
        for (int i = 0; i < Packets; i++, _now++)
        {
            ushort input = (ushort)(_in + (i % 7 == 3 ? 1 : i % 7 == 4 ? -1 : 0));
            _in++;
            if (i % 500 == 0)
            {
                _seqOffset += 3;
                _tsOffset += 90;
            }

            sum += (ushort)(input + _seqOffset) + (int)(((uint)i * 3000) + _tsOffset);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public int TryRewrite()
    {
        int sum = 0;
        for (int i = 0; i < Packets; i++, _now++)
        {
            ushort input = (ushort)(_in + (i % 7 == 3 ? 1 : i % 7 == 4 ? -1 : 0));
            _in++;
            if (i % 500 == 0)
            {
                _sequencer.Sync();
            }

            if (_sequencer.TryRewrite(input, (uint)i * 3000, _now, 90_000, out ushort seq, out uint ts))
            {
                sum += seq + (int)ts;
            }
        }

        return sum;
    }
}
