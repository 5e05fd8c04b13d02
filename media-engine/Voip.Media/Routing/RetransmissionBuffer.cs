using System.Numerics;

namespace Voip.Media.Routing;

/// <summary>
/// The per-producer store that answers subscribers' NACKs (RFC 4585 §6.2.1) with the original packet,
/// resent as is or wrapped in RTX (RFC 4588). Slots are indexed by <c>sequence &amp; (capacity − 1)</c> over one
/// pinned block allocated up front, so storing is a copy and nothing allocates afterwards. A slot remembers
/// its (extended) sequence number, when it was stored and when it was last resent: a NACK for a packet that
/// was resent less than <c>minResendIntervalMs</c> ago is refused with <see cref="RetransmitLookup.TooSoon"/>,
/// which keeps several subscribers' NACKs (or one subscriber's retries) for the same loss from multiplying
/// into a retransmission storm (mediasoup's RtpRetransmissionBuffer does the same).
/// Sequence numbers are unwrapped against the newest stored one, so wrap-around at 65535 is invisible and a
/// packet older than <c>capacity</c> behind the newest (which would overwrite a newer slot) is not stored.
/// The default 512 slots × 1500 bytes hold 2.4 s of 2.5 Mbps video in 1200-byte packets (260 packets/s).
/// Single-threaded: used only on its shard's thread.
/// </summary>
public sealed class RetransmissionBuffer
{
    private readonly byte[] _block;
    private readonly long[] _slotSequence;
    private readonly int[] _slotLength;
    private readonly long[] _slotStoredMs;
    private readonly long[] _slotResentMs;
    private readonly int _mask;
    private readonly int _maxPacketSize;
    private readonly int _maxAgeMs;
    private long _newest = -1;

    public RetransmissionBuffer(int capacity = 512, int maxPacketSize = 1500, int maxAgeMs = 2000)
    {
        if (capacity <= 0 || !BitOperations.IsPow2(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be a power of two");
        }

        if (capacity > 32768)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be at most 32768 (half the sequence space)");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPacketSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAgeMs);
        Capacity = capacity;
        _mask = capacity - 1;
        _maxPacketSize = maxPacketSize;
        _maxAgeMs = maxAgeMs;

        // Pinned so a sender may hand slots straight to native code (sendmmsg / AES) without pinning per packet.
        _block = GC.AllocateUninitializedArray<byte>(capacity * maxPacketSize, pinned: true);
        _slotSequence = new long[capacity];
        _slotLength = new int[capacity];
        _slotStoredMs = new long[capacity];
        _slotResentMs = new long[capacity];
        Clear();
    }

    public int Capacity { get; }

    public int MaxPacketSize => _maxPacketSize;

    /// <summary>Packets copied in.</summary>
    public long Stored { get; private set; }

    /// <summary>Packets larger than the slot size, not stored.</summary>
    public long Oversize { get; private set; }

    /// <summary>Packets not stored because that sequence number is already held (a duplicate).</summary>
    public long Duplicates { get; private set; }

    /// <summary>Packets not stored because they are <see cref="Capacity"/> or more behind the newest.</summary>
    public long TooOld { get; private set; }

    /// <summary>Copies a (decrypted) RTP packet into the slot of its sequence number.</summary>
    public void Store(ReadOnlySpan<byte> rtpPacket, ushort sequenceNumber, long nowMs)
    {
        if (rtpPacket.Length > _maxPacketSize)
        {
            Oversize++;
            return;
        }

        long extended;
        if (_newest < 0)
        {
            extended = sequenceNumber + 65536L; // room below for packets that arrive late
            _newest = extended;
        }
        else
        {
            extended = _newest + (short)(sequenceNumber - (ushort)_newest);
            if (extended > _newest)
            {
                _newest = extended;
            }
            else if (_newest - extended >= _slotSequence.Length)
            {
                TooOld++;
                return;
            }
        }

        int slot = (int)(extended & _mask);
        if (_slotSequence[slot] == extended)
        {
            Duplicates++;
            return;
        }

        rtpPacket.CopyTo(_block.AsSpan(slot * _maxPacketSize, _maxPacketSize));
        _slotSequence[slot] = extended;
        _slotLength[slot] = rtpPacket.Length;
        _slotStoredMs[slot] = nowMs;
        _slotResentMs[slot] = long.MinValue;
        Stored++;
    }

    /// <summary>
    /// Looks up a NACKed packet. On <see cref="RetransmitLookup.Found"/> the slot is marked as resent at
    /// <paramref name="nowMs"/>; the span stays valid until the slot is overwritten (copy or send it at once).
    /// </summary>
    public RetransmitLookup TryGet(ushort sequenceNumber, long nowMs, int minResendIntervalMs, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        if (_newest < 0)
        {
            return RetransmitLookup.Missing;
        }

        long extended = _newest + (short)(sequenceNumber - (ushort)_newest);
        int slot = (int)(extended & _mask);
        if (extended > _newest || _slotSequence[slot] != extended)
        {
            return RetransmitLookup.Missing;
        }

        if (nowMs - _slotStoredMs[slot] > _maxAgeMs)
        {
            return RetransmitLookup.Expired;
        }

        long resent = _slotResentMs[slot];
        if (resent != long.MinValue && nowMs - resent < minResendIntervalMs)
        {
            return RetransmitLookup.TooSoon;
        }

        _slotResentMs[slot] = nowMs;
        packet = _block.AsSpan(slot * _maxPacketSize, _slotLength[slot]);
        return RetransmitLookup.Found;
    }

    /// <summary>Forgets every packet (a new stream or an SSRC change); counters are kept.</summary>
    public void Clear()
    {
        _slotSequence.AsSpan().Fill(-1);
        _newest = -1;
    }
}
