using System.Net;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>
/// A relay on the browser's path (see <see cref="BrowserPathRelay"/>) that drops a share of the RTP going to the
/// browser (never STUN, DTLS or RTCP), so loss repair can be watched end to end.
/// </summary>
public sealed class LossyRelay : BrowserPathRelay
{
    private readonly double _dropRate;
    private readonly Random _random = new(5);
    private long _dropped;
    private long _forwardedRtp;

    public LossyRelay(IPEndPoint engine, double dropRate)
        : base(engine)
    {
        _dropRate = dropRate;
        Start();
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public long ForwardedRtp => Interlocked.Read(ref _forwardedRtp);

    protected override void OnFromEngine(ReadOnlySpan<byte> datagram)
    {
        if (IsRtp(datagram))
        {
            if (_random.NextDouble() < _dropRate)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }

            Interlocked.Increment(ref _forwardedRtp);
        }

        SendToBrowser(datagram);
    }
}
