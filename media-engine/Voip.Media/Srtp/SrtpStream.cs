namespace Voip.Media.Srtp;

/// <summary>
/// Per-SSRC cryptographic state (RFC 3711 §3.2.1): the highest RTP packet index (ROC || SEQ) and its
/// replay window, and the SRTCP index with its own window. The default value is the state of a source
/// never seen before, matching libsrtp's initial state so the two estimate indexes identically.
/// </summary>
internal struct SrtpStream
{
    /// <summary>Highest accepted (receiver) or protected (sender) 48-bit index.</summary>
    public ulong RtpIndex;

    public SrtpReplayWindow RtpWindow;

    /// <summary>Sender: last SRTCP index used. Receiver: highest SRTCP index accepted.</summary>
    public uint RtcpIndex;

    public SrtpReplayWindow RtcpWindow;

    private const int SeqMedian = 1 << 15;

    /// <summary>
    /// Estimates the packet index of <paramref name="seq"/> (RFC 3711 §3.3.1, appendix A) and returns how
    /// far it lies from <see cref="RtpIndex"/>. While the index is still at most 2^15 the ROC is taken as 0,
    /// as libsrtp does, so an early reordered packet is never guessed into ROC −1.
    /// </summary>
    public readonly ulong EstimateIndex(ushort seq, out long delta)
    {
        ulong highest = RtpIndex;
        if (highest <= SeqMedian)
        {
            delta = (long)seq - (long)highest;
            return seq;
        }

        uint roc = (uint)(highest >> 16);
        int localSeq = (ushort)highest;
        if (localSeq < SeqMedian)
        {
            if (seq - localSeq > SeqMedian)
            {
                delta = seq - localSeq - 65536;
                return ((ulong)(roc - 1) << 16) | seq;
            }
        }
        else if (localSeq - SeqMedian > seq)
        {
            delta = seq - localSeq + 65536;
            return ((ulong)(roc + 1) << 16) | seq;
        }

        delta = seq - localSeq;
        return ((ulong)roc << 16) | seq;
    }

    public void AcceptRtp(ulong index, long delta)
    {
        RtpWindow.Accept(delta);
        if (delta > 0)
        {
            RtpIndex = index;
        }
    }

    public void AcceptRtcp(uint index, long delta)
    {
        RtcpWindow.Accept(delta);
        if (delta > 0)
        {
            RtcpIndex = index;
        }
    }
}
