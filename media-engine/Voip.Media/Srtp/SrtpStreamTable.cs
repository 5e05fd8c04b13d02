using System.Runtime.CompilerServices;

namespace Voip.Media.Srtp;

/// <summary>
/// A fixed open-addressing table (linear probing, at most half full) from SSRC to <see cref="SrtpStream"/>.
/// Everything is allocated in the constructor; lookups and inserts never allocate, and a full table
/// refuses new SSRCs instead of growing.
/// </summary>
internal sealed class SrtpStreamTable
{
    private readonly uint[] _ssrcs;
    private readonly bool[] _used;
    private readonly SrtpStream[] _streams;
    private readonly int _mask;
    private readonly int _shift;

    public SrtpStreamTable(int maxStreams)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStreams, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxStreams, 1 << 20);
        int capacity = 2;
        int bits = 1;
        while (capacity < maxStreams * 2)
        {
            capacity <<= 1;
            bits++;
        }

        MaxStreams = maxStreams;
        _ssrcs = new uint[capacity];
        _used = new bool[capacity];
        _streams = new SrtpStream[capacity];
        _mask = capacity - 1;
        _shift = 32 - bits;
    }

    public int MaxStreams { get; }

    public int Count { get; private set; }

    public bool IsFull => Count >= MaxStreams;

    public ref SrtpStream this[int slot] => ref _streams[slot];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(uint ssrc) => (int)((ssrc * 0x9E3779B1u) >> _shift) & _mask;

    /// <summary>Returns the slot holding <paramref name="ssrc"/>, or (found = false) the free slot where it would go.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FindSlot(uint ssrc, out bool found)
    {
        int i = Home(ssrc);
        bool[] used = _used;
        uint[] ssrcs = _ssrcs;
        while (used[i])
        {
            if (ssrcs[i] == ssrc)
            {
                found = true;
                return i;
            }

            i = (i + 1) & _mask;
        }

        found = false;
        return i;
    }

    /// <summary>Claims the free slot returned by <see cref="FindSlot"/> for <paramref name="ssrc"/> with fresh state.</summary>
    public void Occupy(int slot, uint ssrc)
    {
        _used[slot] = true;
        _ssrcs[slot] = ssrc;
        _streams[slot] = default;
        Count++;
    }

    /// <summary>Forgets an SSRC (backward-shift deletion keeps every probe chain intact).</summary>
    public bool Remove(uint ssrc)
    {
        int i = FindSlot(ssrc, out bool found);
        if (!found)
        {
            return false;
        }

        int j = i;
        while (true)
        {
            j = (j + 1) & _mask;
            if (!_used[j])
            {
                break;
            }

            int k = Home(_ssrcs[j]);
            bool stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
            if (stays)
            {
                continue;
            }

            _ssrcs[i] = _ssrcs[j];
            _streams[i] = _streams[j];
            i = j;
        }

        _used[i] = false;
        _streams[i] = default;
        Count--;
        return true;
    }
}
