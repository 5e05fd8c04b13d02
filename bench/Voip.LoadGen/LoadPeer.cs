using System.Buffers.Binary;
using Voip.Media.Client;

namespace Voip.LoadGen;

/// <summary>One simulated participant: a <see cref="WebRtcClientPeer"/> plus what it publishes and what it expects to receive.</summary>
internal sealed class LoadPeer : IDisposable
{
    private readonly Dictionary<uint, StreamCheck> _streams = [];

    public LoadPeer(int index, WebRtcClientPeer client)
    {
        Index = index;
        Client = client;
        client.RtpReceived = OnRtp;
    }

    public int Index { get; }

    public WebRtcClientPeer Client { get; }

    public string TransportId { get; set; } = "";

    /// <summary>0 when the peer only subscribes.</summary>
    public uint PublishSsrc { get; set; }

    public bool Video { get; set; }

    public int PayloadLength { get; set; }

    /// <summary>Packets sent so far (also the next packet's index).</summary>
    public long Sent;

    /// <summary>Decrypted packets whose SSRC no stream expected.</summary>
    public long Unexpected;

    public IReadOnlyCollection<StreamCheck> Streams => _streams.Values;

    /// <summary>Registers an expected incoming stream (before traffic starts: the map is read on the I/O thread).</summary>
    public void Expect(uint ssrc, StreamCheck check) => _streams.Add(ssrc, check);

    private void OnRtp(WebRtcClientPeer peer, ReadOnlySpan<byte> packet)
    {
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        if (!_streams.TryGetValue(ssrc, out var check))
        {
            Unexpected++;
            return;
        }

        int header = 12 + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0 && packet.Length >= header + 4)
        {
            header += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(header + 2)..]));
        }

        check.Accept(packet, header);
    }

    public void Dispose() => Client.Dispose();
}
