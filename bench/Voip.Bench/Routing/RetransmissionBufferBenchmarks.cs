using BenchmarkDotNet.Attributes;
using Voip.Media.Routing;

namespace Voip.Bench.Routing;

/// <summary>
/// Per packet: store a 1200-byte packet, then answer a NACK for one 100 packets back. The baseline is the
/// obvious managed version: a dictionary of copied arrays (one allocation per packet).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class RetransmissionBufferBenchmarks
{
    private const int Packets = 1000;
    private readonly byte[] _packet = new byte[1200];
    private readonly RetransmissionBuffer _buffer = new();
    private readonly Dictionary<ushort, (byte[] Data, long StoredMs)> _naive = [];
    private ushort _seq;
    private long _now;

    [Benchmark(Baseline = true, OperationsPerInvoke = Packets)]
    public int DictionaryOfCopies()
    {
        int found = 0;
        for (int i = 0; i < Packets; i++, _seq++, _now++)
        {
            _naive[_seq] = (_packet.ToArray(), _now);
            _naive.Remove((ushort)(_seq - 512));
            if (_naive.TryGetValue((ushort)(_seq - 100), out (byte[] Data, long StoredMs) e) && _now - e.StoredMs < 2000)
            {
                found += e.Data.Length;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public int StoreAndTryGet()
    {
        int found = 0;
        for (int i = 0; i < Packets; i++, _seq++, _now++)
        {
            _buffer.Store(_packet, _seq, _now);
            if (_buffer.TryGet((ushort)(_seq - 100), _now, 0, out ReadOnlySpan<byte> p) == RetransmitLookup.Found)
            {
                found += p.Length;
            }
        }

        return found;
    }
}
