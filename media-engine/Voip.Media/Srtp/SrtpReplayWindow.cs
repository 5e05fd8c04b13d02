namespace Voip.Media.Srtp;

/// <summary>
/// The 128-entry sliding replay window of RFC 3711 §3.3.2, relative to the highest index accepted so
/// far: bit k set means index (highest − k) was seen. <see cref="Check"/> runs before authentication,
/// <see cref="Accept"/> only after it, so forged packets cannot move the window.
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 128;

    private ulong _low;
    private ulong _high;

    /// <param name="delta">candidate index minus the highest accepted index.</param>
    public readonly SrtpResult Check(long delta)
    {
        if (delta > 0)
        {
            return SrtpResult.Ok;
        }

        long back = -delta;
        if (back >= Size)
        {
            return SrtpResult.TooOld;
        }

        ulong word = back < 64 ? _low : _high;
        return ((word >> (int)(back & 63)) & 1) != 0 ? SrtpResult.Replayed : SrtpResult.Ok;
    }

    public void Accept(long delta)
    {
        if (delta > 0)
        {
            if (delta >= Size)
            {
                _high = 0;
                _low = 0;
            }
            else if (delta >= 64)
            {
                _high = _low << (int)(delta - 64);
                _low = 0;
            }
            else
            {
                _high = (_high << (int)delta) | (_low >> (int)(64 - delta));
                _low <<= (int)delta;
            }

            _low |= 1;
            return;
        }

        long back = -delta;
        if (back < 64)
        {
            _low |= 1UL << (int)back;
        }
        else if (back < Size)
        {
            _high |= 1UL << (int)(back - 64);
        }
    }
}
