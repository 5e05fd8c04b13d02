using System.Buffers.Binary;

namespace Voip.Media.Dtls;

/// <summary>
/// Reassembles a fragmented epoch-0 ClientHello (RFC 6347 §4.2.3) before the stateless cookie check of
/// RFC 6347 §4.2.1, and re-emits it as one synthesized, unfragmented record.
/// <para>
/// Why: BouncyCastle's <c>DtlsVerifier</c> only understands a ClientHello that is complete in the first record of
/// a datagram. Browsers that offer DTLS 1.3 with a post-quantum key share (Chromium/BoringSSL) send a ClientHello
/// larger than their MTU, i.e. as several fragments across records and datagrams, which the verifier silently
/// ignores. Fed the record this class synthesizes, the verifier computes the same cookie over the same fields
/// (the cookie covers the message body, not its fragmentation) and its <c>DtlsRequest</c> carries the message in
/// the normalized single-fragment form the handshake transcript uses (RFC 6347 §4.2.6).
/// </para>
/// <para>
/// Bounded, because everything here is unauthenticated: only client_hello fragments with message_seq 0 or 1
/// (RFC 6347 §4.2.2: the first ClientHello is 0, the one echoing the cookie 1) and a plausible length
/// (<see cref="MinBodyLength"/>..<see cref="MaxBodyLength"/>) are kept; at most <see cref="MaxCandidates"/>
/// messages, distinguished by (message_seq, length), are reassembled at once within <see cref="MaxBufferedBytes"/>.
/// A new message displaces the one with the least data received, so a stream of forged one-fragment messages
/// cannot displace a real ClientHello that is further along. A fragment that disagrees with bytes already received
/// for the same message is ignored: retransmissions of one message carry identical bytes.
/// </para>
/// Used only by the server's handshake thread before the handshake proper starts; not thread-safe.
/// </summary>
internal sealed class DtlsClientHelloReassembler
{
    internal const int RecordHeaderLength = 13;
    internal const int HandshakeHeaderLength = 12;
    private const byte ContentTypeHandshake = 22;
    internal const byte HandshakeTypeClientHello = 1;

    /// <summary>Largest ClientHello body kept: the whole message must fit one record (2^14, RFC 6347 §4.1).</summary>
    public const int MaxBodyLength = (1 << 14) - HandshakeHeaderLength;

    /// <summary>Smallest syntactically valid DTLS ClientHello body (version, random, three empty vectors' lengths...).</summary>
    public const int MinBodyLength = 2 + 32 + 1 + 1 + 2 + 1;

    /// <summary>Messages reassembled at once (a retransmitted first ClientHello, the cookie one, and room for noise).</summary>
    public const int MaxCandidates = 4;

    /// <summary>Bound of all message buffers together.</summary>
    public const int MaxBufferedBytes = 32 * 1024;

    /// <summary>Completed messages waiting for the caller (more are dropped: an honest datagram completes one).</summary>
    private const int MaxCompleted = MaxCandidates;

    private readonly DtlsClientHelloCandidate?[] _candidates = new DtlsClientHelloCandidate?[MaxCandidates];
    private readonly Queue<byte[]> _completed = new();
    private long _nextStamp;

    /// <summary>Records or fragments that were not a usable ClientHello fragment, for diagnostics and tests.</summary>
    public long Ignored { get; private set; }

    /// <summary>Bytes currently held in partial messages (never more than <see cref="MaxBufferedBytes"/>).</summary>
    public int BufferedBytes
    {
        get
        {
            int total = 0;
            foreach (DtlsClientHelloCandidate? c in _candidates)
                total += c?.Body.Length ?? 0;
            return total;
        }
    }

    /// <summary>ClientHellos completed from more than one fragment.</summary>
    public int Defragmented { get; private set; }

    /// <summary>Most bytes ever held in partial messages at once.</summary>
    public int PeakBufferedBytes { get; private set; }

    /// <summary>Adds every ClientHello fragment of one datagram (any number of records, any number of fragments each).</summary>
    public void AddDatagram(ReadOnlySpan<byte> datagram)
    {
        while (datagram.Length >= RecordHeaderLength)
        {
            int recordLength = RecordHeaderLength + BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(11));
            if (recordLength > datagram.Length)
                break;
            ReadOnlySpan<byte> record = datagram[..recordLength];
            datagram = datagram[recordLength..];

            // Only plaintext handshake records: epoch 0 (RFC 6347 §4.1), before any cipher state exists.
            if (record[0] != ContentTypeHandshake || record[3] != 0 || record[4] != 0)
            {
                Ignored++;
                continue;
            }
            AddRecord(record);
        }
        if (!datagram.IsEmpty)
            Ignored++;
    }

    /// <summary>
    /// Takes the next completed ClientHello as one record: the header (version, epoch 0, sequence number) of the
    /// first fragment received for it, then the whole message as a single fragment (offset 0, length = length).
    /// </summary>
    public bool TryTakeCompleted(out byte[] record) => _completed.TryDequeue(out record!);

    private void AddRecord(ReadOnlySpan<byte> record)
    {
        ReadOnlySpan<byte> recordHeader = record[..RecordHeaderLength];
        ReadOnlySpan<byte> fragments = record[RecordHeaderLength..];
        while (!fragments.IsEmpty)
        {
            if (fragments.Length < HandshakeHeaderLength)
            {
                Ignored++;
                return;
            }
            int fragmentLength = ReadUInt24(fragments.Slice(9));
            if (HandshakeHeaderLength + fragmentLength > fragments.Length)
            {
                Ignored++;
                return; // truncated: the rest of the record cannot be delimited
            }
            AddFragment(recordHeader, fragments[..(HandshakeHeaderLength + fragmentLength)]);
            fragments = fragments[(HandshakeHeaderLength + fragmentLength)..];
        }
    }

    private void AddFragment(ReadOnlySpan<byte> recordHeader, ReadOnlySpan<byte> fragment)
    {
        int length = ReadUInt24(fragment.Slice(1));
        int messageSeq = BinaryPrimitives.ReadUInt16BigEndian(fragment.Slice(4));
        int offset = ReadUInt24(fragment.Slice(6));
        int fragmentLength = ReadUInt24(fragment.Slice(9));
        if (fragment[0] != HandshakeTypeClientHello || messageSeq > 1
            || length < MinBodyLength || length > MaxBodyLength
            || fragmentLength == 0 || offset + fragmentLength > length)
        {
            Ignored++;
            return;
        }

        int slot = FindOrMakeRoom(messageSeq, length);
        DtlsClientHelloCandidate? candidate = _candidates[slot];
        if (candidate is null)
        {
            candidate = _candidates[slot] = new DtlsClientHelloCandidate(messageSeq, length, recordHeader, _nextStamp++);
            PeakBufferedBytes = Math.Max(PeakBufferedBytes, BufferedBytes);
        }
        if (!candidate.TryAdd(offset, fragment.Slice(HandshakeHeaderLength, fragmentLength)))
        {
            Ignored++;
            return;
        }
        if (!candidate.IsComplete)
            return;

        _candidates[slot] = null;
        if (_completed.Count >= MaxCompleted)
        {
            Ignored++;
            return;
        }
        if (candidate.Fragments > 1)
            Defragmented++;
        _completed.Enqueue(candidate.ToRecord());
    }

    /// <summary>The slot holding (messageSeq, length), or a slot freed for it (the returned slot may be null).</summary>
    private int FindOrMakeRoom(int messageSeq, int length)
    {
        int free = -1;
        for (int i = 0; i < _candidates.Length; i++)
        {
            DtlsClientHelloCandidate? c = _candidates[i];
            if (c is null)
                free = free < 0 ? i : free;
            else if (c.MessageSeq == messageSeq && c.Body.Length == length)
                return i;
        }

        // Evict the least advanced messages (oldest first on a tie) until a slot and the byte budget allow this one.
        while (free < 0 || BufferedBytes + length > MaxBufferedBytes)
        {
            int victim = -1;
            for (int i = 0; i < _candidates.Length; i++)
            {
                DtlsClientHelloCandidate? c = _candidates[i];
                if (c is null)
                    continue;
                DtlsClientHelloCandidate? v = victim < 0 ? null : _candidates[victim];
                if (v is null || c.Received < v.Received || (c.Received == v.Received && c.Stamp < v.Stamp))
                    victim = i;
            }
            _candidates[victim] = null;
            free = free < 0 ? victim : free;
        }
        return free;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> s) => (s[0] << 16) | (s[1] << 8) | s[2];

    internal static void WriteUInt24(Span<byte> s, int v)
    {
        s[0] = (byte)(v >> 16);
        s[1] = (byte)(v >> 8);
        s[2] = (byte)v;
    }
}
