using System.Buffers.Binary;

namespace Voip.Media.Dtls;

/// <summary>
/// Drops plaintext handshake records that no honest peer sends, before BouncyCastle sees them.
/// <para>
/// Why: epoch-0 handshake records are unauthenticated, and BouncyCastle's reassembler commits to the message
/// type and length of the first fragment it sees for a message_seq. A single forged zero-length fragment for the
/// next expected message therefore makes it ignore the real message and the handshake stalls until timeout.
/// An honest sender sends a zero-length fragment only for an empty message (ServerHelloDone), never declares
/// a message larger than we accept, never lets a fragment run past its message (RFC 6347 §4.2.3), and sends a
/// ClientHello only as message_seq 0 or 1 (RFC 6347 §4.2.2: before and after a HelloVerifyRequest; we do not
/// renegotiate) — a "ClientHello" with a later message_seq would otherwise claim a slot of the server's
/// reassembler that the client's next real message needs.
/// </para>
/// <code>
///  record (RFC 6347 §4.1):  type(1) version(2) epoch(2) sequence_number(6) length(2) fragment(length)
///  handshake (§4.2.2):      msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3) body
/// </code>
/// Protected records (epoch &gt; 0) shorter than the AEAD overhead are dropped too: BouncyCastle discards records
/// that fail authentication silently (RFC 6347 §4.1.2.7) but aborts the whole handshake with decode_error on a
/// record too short to hold the explicit nonce and tag, which any forged datagram can trigger. Other records
/// pass unchanged (they are authenticated, or harmless); a truncated trailing record is dropped.
/// </summary>
internal static class DtlsRecordFilter
{
    private const int RecordHeaderLength = 13;
    private const int HandshakeHeaderLength = 12;
    private const byte ContentTypeHandshake = 22;
    private const byte HandshakeTypeClientHello = 1;

    /// <summary>Copies the acceptable records of <paramref name="datagram"/>; returns the bytes written.</summary>
    public static int CopyValidRecords(ReadOnlySpan<byte> datagram, Span<byte> destination, int maxMessageLength,
        int minProtectedLength, out int dropped)
    {
        dropped = 0;
        int written = 0;
        while (datagram.Length >= RecordHeaderLength)
        {
            int recordLength = RecordHeaderLength + BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(11));
            if (recordLength > datagram.Length)
                break; // truncated: counted below
            ReadOnlySpan<byte> record = datagram[..recordLength];
            datagram = datagram[recordLength..];

            bool plain = record[3] == 0 && record[4] == 0;
            if ((plain && record[0] == ContentTypeHandshake && !IsPlausibleHandshake(record[RecordHeaderLength..], maxMessageLength))
                || (!plain && recordLength - RecordHeaderLength < minProtectedLength))
            {
                dropped++;
                continue;
            }
            if (written + record.Length > destination.Length)
            {
                dropped++;
                continue;
            }
            record.CopyTo(destination[written..]);
            written += record.Length;
        }
        if (!datagram.IsEmpty)
            dropped++;
        return written;
    }

    private static bool IsPlausibleHandshake(ReadOnlySpan<byte> fragments, int maxMessageLength)
    {
        if (fragments.Length < HandshakeHeaderLength)
            return false;
        while (!fragments.IsEmpty)
        {
            if (fragments.Length < HandshakeHeaderLength)
                return false;
            int messageLength = ReadUInt24(fragments.Slice(1));
            int fragmentOffset = ReadUInt24(fragments.Slice(6));
            int fragmentLength = ReadUInt24(fragments.Slice(9));
            int messageSeq = (fragments[4] << 8) | fragments[5];
            if (messageLength > maxMessageLength
                || (fragments[0] == HandshakeTypeClientHello && messageSeq > 1)
                || fragmentOffset + fragmentLength > messageLength
                || (fragmentLength == 0 && messageLength != 0)
                || HandshakeHeaderLength + fragmentLength > fragments.Length)
            {
                return false;
            }
            fragments = fragments[(HandshakeHeaderLength + fragmentLength)..];
        }
        return true;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> s) => (s[0] << 16) | (s[1] << 8) | s[2];
}
