using BenchmarkDotNet.Attributes;
using Voip.Media.Routing;

namespace Voip.Bench.Routing;

/// <summary>
/// Per packet of a stream with 2% loss and some reordering: OnPacket, plus CollectDue every 10th packet.
/// The baseline keeps the missing sequence numbers in a List and scans it.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class NackGeneratorBenchmarks
{
    private const int Packets = 1000;
    private readonly ushort[] _order = new ushort[Packets];
    private readonly NackGenerator _nack = new();
    private readonly List<(ushort Seq, long SentMs, int Tries)> _missing = [];
    private readonly ushort[] _output = new ushort[64];
    private ushort _base;
    private ushort _naiveNewest;
    private long _now;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        int n = 0;
        for (int i = 0; i < Packets; i++)
        {
            _order[n++] = (ushort)(i + (random.Next(50) == 0 ? 1 : 0)); // 2%: a gap where i+1 repeats i's slot
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Packets)]
    public int ListScan()
    {
        int requested = 0;
        for (int i = 0; i < Packets; i++, _now++)
        {
            ushort seq = (ushort)(_base + _order[i]);
            short delta = (short)(seq - _naiveNewest);
            if (delta > 0)
            {
                for (ushort s = (ushort)(_naiveNewest + 1); s != seq; s++)
                {
                    _missing.Add((s, long.MinValue, 0));
                }

                _naiveNewest = seq;
            }
            else
            {
                _missing.RemoveAll(m => m.Seq == seq);
            }

            if (i % 10 == 0)
            {
                for (int k = _missing.Count - 1; k >= 0; k--)
                {
                    (ushort s, long sent, int tries) = _missing[k];
                    if (tries >= 10 || (ushort)(_naiveNewest - s) > 1000)
                    {
                        _missing.RemoveAt(k);
                    }
                    else if (_now - sent >= 20)
                    {
                        _missing[k] = (s, _now, tries + 1);
                        requested++;
                    }
                }
            }
        }

        _base += Packets;
        return requested;
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public int OnPacket()
    {
        int requested = 0;
        for (int i = 0; i < Packets; i++, _now++)
        {
            _nack.OnPacket((ushort)(_base + _order[i]), false, false, _now);
            if (i % 10 == 0)
            {
                requested += _nack.CollectDue(_now, 20, _output);
            }
        }

        _base += Packets;
        return requested;
    }
}
