using System.Buffers.Binary;

namespace Voip.Media.Tests.Dtls;

/// <summary>
/// Plays a client whose ClientHello does not fit its MTU (like Chromium's with a post-quantum key share): splits
/// every unfragmented epoch-0 ClientHello into handshake fragments of <see cref="FragmentSize"/> bytes
/// (RFC 6347 §4.2.3), packs them into records and the records into datagrams, and can deliver them shuffled and
/// duplicated. Epoch-0 record sequence numbers are renumbered from one counter so they stay unique and increasing
/// in send order, as a real client's would.
/// </summary>
internal sealed class ClientHelloFragmenter
{
    private readonly Lock _lock = new();
    private readonly Random? _shuffle;
    private long _nextSequence;
    private int _clientHellosSplit;
    private int _fragmentsMade;

    public ClientHelloFragmenter(int fragmentSize, int fragmentsPerRecord = 1, int recordsPerDatagram = 1,
        Random? shuffle = null, bool duplicate = false)
    {
        FragmentSize = fragmentSize;
        FragmentsPerRecord = fragmentsPerRecord;
        RecordsPerDatagram = recordsPerDatagram;
        _shuffle = shuffle;
        Duplicate = duplicate;
    }

    public int FragmentSize { get; }

    public int FragmentsPerRecord { get; }

    public int RecordsPerDatagram { get; }

    public bool Duplicate { get; }

    /// <summary>ClientHello messages seen with message_seq 0 and 1 (i.e. before and after the cookie).</summary>
    public HashSet<int> MessageSeqsSplit { get; } = [];

    public int ClientHellosSplit => Volatile.Read(ref _clientHellosSplit);

    public int FragmentsMade => Volatile.Read(ref _fragmentsMade);

    public IReadOnlyList<byte[]> Expand(byte[] datagram)
    {
        lock (_lock)
        {
            var result = new List<byte[]>();
            var passThrough = new List<byte>();
            int at = 0;
            while (at + DtlsTestRecords.RecordHeader <= datagram.Length)
            {
                int length = BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(at + 11));
                byte[] record = datagram[at..Math.Min(datagram.Length, at + DtlsTestRecords.RecordHeader + length)];
                at += record.Length;
                bool epoch0 = record[3] == 0 && record[4] == 0;
                if (epoch0 && IsWholeClientHello(record))
                {
                    result.AddRange(Split(record));
                    continue;
                }
                if (epoch0)
                    WriteSequence(record, _nextSequence++);
                passThrough.AddRange(record);
            }
            if (passThrough.Count > 0)
                result.Insert(0, passThrough.ToArray());
            return result;
        }
    }

    private List<byte[]> Split(byte[] record)
    {
        ReadOnlySpan<byte> message = record.AsSpan(DtlsTestRecords.RecordHeader);
        int bodyLength = ReadUInt24(message[1..]);
        ushort messageSeq = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        ReadOnlySpan<byte> body = message.Slice(DtlsTestRecords.HandshakeHeader, bodyLength);
        Interlocked.Increment(ref _clientHellosSplit);
        MessageSeqsSplit.Add(messageSeq);

        var fragments = new List<byte[]>();
        for (int offset = 0; offset < bodyLength; offset += FragmentSize)
        {
            int n = Math.Min(FragmentSize, bodyLength - offset);
            fragments.Add(DtlsTestRecords.HandshakeFragment(1, bodyLength, messageSeq, offset, body.Slice(offset, n)));
        }
        Interlocked.Add(ref _fragmentsMade, fragments.Count);
        Shuffle(fragments);

        var records = new List<byte[]>();
        for (int i = 0; i < fragments.Count; i += FragmentsPerRecord)
        {
            byte[] payload = [.. fragments.Skip(i).Take(FragmentsPerRecord).SelectMany(f => f)];
            byte[] r = DtlsTestRecords.Record(22, 0, _nextSequence++, payload);
            r[1] = record[1]; // keep the client's record version
            r[2] = record[2];
            records.Add(r);
        }
        Shuffle(records);

        var datagrams = new List<byte[]>();
        for (int i = 0; i < records.Count; i += RecordsPerDatagram)
            datagrams.Add([.. records.Skip(i).Take(RecordsPerDatagram).SelectMany(r => r)]);
        if (Duplicate)
            datagrams.AddRange(datagrams.ToArray());
        Shuffle(datagrams);
        return datagrams;
    }

    private void Shuffle<T>(List<T> items)
    {
        if (_shuffle is null)
            return;
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = _shuffle.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static bool IsWholeClientHello(byte[] record)
    {
        if (!DtlsTestRecords.IsPlainHandshake(record, 1) || record.Length < DtlsTestRecords.RecordHeader + DtlsTestRecords.HandshakeHeader)
            return false;
        ReadOnlySpan<byte> message = record.AsSpan(DtlsTestRecords.RecordHeader);
        int length = ReadUInt24(message[1..]);
        return ReadUInt24(message[6..]) == 0 && ReadUInt24(message[9..]) == length
            && message.Length == DtlsTestRecords.HandshakeHeader + length;
    }

    private static void WriteSequence(byte[] record, long sequence)
    {
        record[5] = (byte)(sequence >> 40);
        record[6] = (byte)(sequence >> 32);
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(7), (uint)sequence);
    }

    private static int ReadUInt24(ReadOnlySpan<byte> s) => (s[0] << 16) | (s[1] << 8) | s[2];
}
