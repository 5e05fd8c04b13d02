using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Voip.Media.Rtcp;

namespace Voip.Bench.Rtcp;

/// <summary>
/// Per-packet RTCP work of the SFU: walking a Chromium-shaped compound (SR + SDES CNAME + REMB) and
/// reading every field, and parsing / building transport-wide CC feedback for 100 packets with some loss.
/// The baselines do the same with a copy per packet and lists (<see cref="RtcpNaiveParser"/>).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class RtcpBenchmarks
{
    private readonly byte[] _compound = new byte[256];
    private readonly byte[] _twcc = new byte[512];
    private readonly byte[] _out = new byte[512];
    private TransportWideCcArrival[] _arrivals = null!;
    private int _compoundLength;
    private int _twccLength;

    [GlobalSetup]
    public void Setup()
    {
        ReportBlock[] none = [];
        var sr = new SenderReportWriter { SenderSsrc = 1, NtpTimestamp = 0xe7a1b2c3_80000000UL, RtpTimestamp = 123456, PacketCount = 10, OctetCount = 4000, ReportBlocks = none };
        sr.TryWrite(_compound, out int n);
        var sdes = new SourceDescriptionWriter { Ssrc = 1, Cname = "{8c7a9b1e-9f41-4d6a-8b6a-8c2d5f2e1a3b}"u8 };
        sdes.TryWrite(_compound.AsSpan(n), out int m);
        n += m;
        uint[] ssrcs = [0x11111111, 0x22222222];
        var remb = new ReceiverEstimatedMaxBitrateWriter { SenderSsrc = 1, Bitrate = 2_500_000, Ssrcs = ssrcs };
        remb.TryWrite(_compound.AsSpan(n), out m);
        _compoundLength = n + m;

        var random = new Random(1);
        var arrivals = new List<TransportWideCcArrival>();
        long time = 5_000_000;
        for (int i = 0; i < 100; i++)
        {
            time += random.Next(0, 12_000);
            if (random.Next(10) != 0)
            {
                arrivals.Add(new TransportWideCcArrival((ushort)(65500 + i), time));
            }
        }

        _arrivals = arrivals.ToArray();
        new TransportWideCcWriter { SenderSsrc = 1, MediaSsrc = 2, Arrivals = _arrivals }.TryWrite(_twcc, out _twccLength);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Compound")]
    public long CompoundParseNaive()
    {
        long sum = 0;
        foreach ((byte type, byte[] body) in RtcpNaiveParser.SplitCompound(_compound[.._compoundLength]))
        {
            sum += type + body.Length;
        }

        return sum;
    }

    [Benchmark]
    [BenchmarkCategory("Compound")]
    public long CompoundParse()
    {
        long sum = 0;
        var reader = new RtcpCompoundReader(_compound.AsSpan(0, _compoundLength));
        while (reader.TryRead(out RtcpPacket p))
        {
            switch (p.PacketType)
            {
                case RtcpPacketType.SenderReport when SenderReport.TryParse(p, out SenderReport sr) == RtcpParseResult.Ok:
                    sum += (long)(sr.NtpTimestamp >> 32) + sr.RtpTimestamp + sr.PacketCount + sr.OctetCount;
                    break;
                case RtcpPacketType.SourceDescription when SourceDescription.TryParse(p, out SourceDescription sdes) == RtcpParseResult.Ok:
                    foreach (SdesItem item in sdes)
                    {
                        sum += item.Value.Length;
                    }

                    break;
                case RtcpPacketType.PayloadSpecificFeedback when ReceiverEstimatedMaxBitrate.TryParse(p, out ReceiverEstimatedMaxBitrate remb) == RtcpParseResult.Ok:
                    sum += (long)remb.Bitrate + remb.GetSsrc(0);
                    break;
            }
        }

        return sum;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("TwccParse")]
    public long TwccParseNaive()
    {
        long sum = 0;
        foreach ((ushort seq, bool received, int delta) in RtcpNaiveParser.DecodeTwcc(_twcc[4.._twccLength]))
        {
            sum += received ? seq + delta : 0;
        }

        return sum;
    }

    [Benchmark]
    [BenchmarkCategory("TwccParse")]
    public long TwccParse()
    {
        long sum = 0;
        RtcpPacket.TryParse(_twcc.AsSpan(0, _twccLength), out RtcpPacket p, out _);
        if (TransportWideCc.TryParse(p, out TransportWideCc fb) == RtcpParseResult.Ok)
        {
            foreach (TransportWideCcStatus s in fb)
            {
                sum += s.Received ? s.SequenceNumber + s.DeltaTicks : 0;
            }
        }

        return sum;
    }

    [Benchmark]
    [BenchmarkCategory("TwccBuild")]
    public int TwccBuild()
    {
        var writer = new TransportWideCcWriter { SenderSsrc = 1, MediaSsrc = 2, FeedbackPacketCount = 3, Arrivals = _arrivals };
        writer.TryWrite(_out, out int written);
        return written;
    }
}
