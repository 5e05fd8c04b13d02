using System.Buffers.Binary;

namespace Voip.Media.Dtls;

/// <summary>One ClientHello being reassembled: its body and which bytes of it have arrived.</summary>
internal sealed class DtlsClientHelloCandidate
{
    private readonly ulong[] _have;
    private readonly byte[] _recordHeader;

    public DtlsClientHelloCandidate(int messageSeq, int length, ReadOnlySpan<byte> recordHeader, long stamp)
    {
        MessageSeq = messageSeq;
        Body = new byte[length];
        _have = new ulong[(length + 63) / 64];
        _recordHeader = recordHeader.ToArray();
        Stamp = stamp;
    }

    public int MessageSeq { get; }

    public byte[] Body { get; }

    public long Stamp { get; }

    public int Received { get; private set; }

    /// <summary>Fragments that contributed (duplicates included).</summary>
    public int Fragments { get; private set; }

    public bool IsComplete => Received == Body.Length;

    /// <summary>False (and nothing changed) when the fragment contradicts bytes already received.</summary>
    public bool TryAdd(int offset, ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            int at = offset + i;
            if (Has(at) && Body[at] != data[i])
                return false;
        }
        for (int i = 0; i < data.Length; i++)
        {
            int at = offset + i;
            if (Has(at))
                continue;
            Body[at] = data[i];
            _have[at >> 6] |= 1UL << (at & 63);
            Received++;
        }
        Fragments++;
        return true;
    }

    public byte[] ToRecord()
    {
        int length = Body.Length;
        byte[] record = new byte[DtlsClientHelloReassembler.RecordHeaderLength + DtlsClientHelloReassembler.HandshakeHeaderLength + length];
        _recordHeader.AsSpan(0, 11).CopyTo(record);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(11), (ushort)(DtlsClientHelloReassembler.HandshakeHeaderLength + length));

        Span<byte> handshake = record.AsSpan(DtlsClientHelloReassembler.RecordHeaderLength);
        handshake[0] = DtlsClientHelloReassembler.HandshakeTypeClientHello;
        DtlsClientHelloReassembler.WriteUInt24(handshake.Slice(1), length);
        BinaryPrimitives.WriteUInt16BigEndian(handshake.Slice(4), (ushort)MessageSeq);
        DtlsClientHelloReassembler.WriteUInt24(handshake.Slice(6), 0);
        DtlsClientHelloReassembler.WriteUInt24(handshake.Slice(9), length);
        Body.CopyTo(handshake.Slice(DtlsClientHelloReassembler.HandshakeHeaderLength));
        return record;
    }

    private bool Has(int at) => (_have[at >> 6] & (1UL << (at & 63))) != 0;
}
