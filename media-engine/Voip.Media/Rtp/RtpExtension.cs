namespace Voip.Media.Rtp;

/// <summary>One header extension element (RFC 8285 §4): its local id and its data.</summary>
public readonly ref struct RtpExtension
{
    public RtpExtension(byte id, ReadOnlySpan<byte> data)
    {
        Id = id;
        Data = data;
    }

    public byte Id { get; }

    public ReadOnlySpan<byte> Data { get; }
}
