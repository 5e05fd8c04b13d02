using System.Buffers.Binary;

namespace Voip.Media.Tests.Dtls;

/// <summary>Builds and rewrites DTLS records (RFC 6347 §4.1) for the adversarial tests.</summary>
internal static class DtlsTestRecords
{
    public const int RecordHeader = 13;
    public const int HandshakeHeader = 12;

    /// <summary>A record: type | version FEFD | epoch | 48-bit seq | length | fragment.</summary>
    public static byte[] Record(byte contentType, ushort epoch, long sequence, ReadOnlySpan<byte> fragment, int? lengthField = null)
    {
        byte[] r = new byte[RecordHeader + fragment.Length];
        r[0] = contentType;
        r[1] = 0xFE;
        r[2] = 0xFD;
        BinaryPrimitives.WriteUInt16BigEndian(r.AsSpan(3), epoch);
        r[5] = (byte)(sequence >> 40);
        r[6] = (byte)(sequence >> 32);
        BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(7), (uint)sequence);
        BinaryPrimitives.WriteUInt16BigEndian(r.AsSpan(11), (ushort)(lengthField ?? fragment.Length));
        fragment.CopyTo(r.AsSpan(RecordHeader));
        return r;
    }

    /// <summary>A handshake fragment header (RFC 6347 §4.2.2) followed by <paramref name="body"/>.</summary>
    public static byte[] HandshakeFragment(byte msgType, int length, ushort messageSeq, int fragmentOffset, ReadOnlySpan<byte> body)
    {
        byte[] h = new byte[HandshakeHeader + body.Length];
        h[0] = msgType;
        WriteUInt24(h.AsSpan(1), length);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(4), messageSeq);
        WriteUInt24(h.AsSpan(6), fragmentOffset);
        WriteUInt24(h.AsSpan(9), body.Length);
        body.CopyTo(h.AsSpan(HandshakeHeader));
        return h;
    }

    /// <summary>Rebuilds a datagram without the records <paramref name="drop"/> selects.</summary>
    public static byte[] WithoutRecords(byte[] datagram, Func<byte[], bool> drop)
    {
        var kept = new List<byte>(datagram.Length);
        int at = 0;
        while (at + RecordHeader <= datagram.Length)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(at + 11));
            int end = Math.Min(datagram.Length, at + RecordHeader + length);
            byte[] record = datagram[at..end];
            if (!drop(record))
                kept.AddRange(record);
            at = end;
        }
        return kept.ToArray();
    }

    public static bool IsPlainHandshake(byte[] record, byte msgType) =>
        record.Length > RecordHeader && record[0] == 22 && record[3] == 0 && record[4] == 0 && record[RecordHeader] == msgType;

    private static void WriteUInt24(Span<byte> s, int v)
    {
        s[0] = (byte)(v >> 16);
        s[1] = (byte)(v >> 8);
        s[2] = (byte)v;
    }
}
