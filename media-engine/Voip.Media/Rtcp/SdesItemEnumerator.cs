namespace Voip.Media.Rtcp;

/// <summary>Enumerates the items of a validated SDES packet, chunk by chunk.</summary>
public ref struct SdesItemEnumerator
{
    private readonly ReadOnlySpan<byte> _body;
    private int _chunksLeft;
    private int _offset;
    private uint _ssrc;
    private bool _inChunk;

    internal SdesItemEnumerator(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        _chunksLeft = chunkCount;
        _offset = 0;
        _ssrc = 0;
        _inChunk = false;
        Current = default;
    }

    public SdesItem Current { get; private set; }

    public bool MoveNext()
    {
        while (true)
        {
            if (!_inChunk)
            {
                if (_chunksLeft == 0)
                {
                    return false;
                }

                _chunksLeft--;
                _ssrc = SourceDescription.ReadSsrc(_body, _offset);
                _offset += 4;
                _inChunk = true;
            }

            byte type = _body[_offset];
            if (type == (byte)SdesItemType.End)
            {
                _offset = (_offset + 4) & ~3;
                _inChunk = false;
                continue;
            }

            int length = _body[_offset + 1];
            Current = new SdesItem(_ssrc, (SdesItemType)type, _body.Slice(_offset + 2, length));
            _offset += 2 + length;
            return true;
        }
    }
}
