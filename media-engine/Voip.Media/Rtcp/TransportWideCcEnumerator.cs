namespace Voip.Media.Rtcp;

/// <summary>Walks a validated TWCC feedback's chunks and deltas, one packet status at a time.</summary>
public ref struct TransportWideCcEnumerator
{
    private readonly ReadOnlySpan<byte> _chunks;
    private readonly ReadOnlySpan<byte> _deltas;
    private int _chunkOffset;
    private int _deltaOffset;
    private int _remaining;
    private int _chunk;
    private int _inChunk;
    private int _chunkLength;
    private ushort _sequence;
    private long _timeTicks;

    internal TransportWideCcEnumerator(ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> deltas, ushort baseSequence, int count, long referenceMicroseconds)
    {
        _chunks = chunks;
        _deltas = deltas;
        _chunkOffset = 0;
        _deltaOffset = 0;
        _remaining = count;
        _chunk = 0;
        _inChunk = 0;
        _chunkLength = 0;
        _sequence = baseSequence;
        _timeTicks = referenceMicroseconds / TransportWideCcStatus.MicrosecondsPerTick;
        Current = default;
    }

    public TransportWideCcStatus Current { get; private set; }

    public bool MoveNext()
    {
        if (_remaining == 0)
        {
            return false;
        }

        while (_inChunk == _chunkLength)
        {
            _chunk = (_chunks[_chunkOffset] << 8) | _chunks[_chunkOffset + 1];
            _chunkOffset += 2;
            _inChunk = 0;
            _chunkLength = (_chunk & 0x8000) == 0 ? _chunk & 0x1FFF : (_chunk & 0x4000) == 0 ? 14 : 7;
        }

        int symbol;
        if ((_chunk & 0x8000) == 0)
        {
            symbol = (_chunk >> 13) & 3;
        }
        else if ((_chunk & 0x4000) == 0)
        {
            symbol = (_chunk >> (13 - _inChunk)) & 1;
        }
        else
        {
            symbol = (_chunk >> (2 * (6 - _inChunk))) & 3;
        }

        _inChunk++;
        int delta = 0;
        if (symbol == 1)
        {
            delta = _deltas[_deltaOffset++];
        }
        else if (symbol == 2)
        {
            delta = (short)((_deltas[_deltaOffset] << 8) | _deltas[_deltaOffset + 1]);
            _deltaOffset += 2;
        }

        _timeTicks += delta;
        long arrival = symbol == 0 ? -1 : _timeTicks * TransportWideCcStatus.MicrosecondsPerTick;
        Current = new TransportWideCcStatus(_sequence, (TransportWideCcSymbol)symbol, delta, arrival);
        _sequence++;
        _remaining--;
        return true;
    }
}
