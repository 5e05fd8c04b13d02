using Voip.Media.Dtls;

namespace Voip.Media.Tests.Dtls;

public class DtlsRecordFilterTests
{
    private const int MaxMessage = 16 * 1024;

    [Test]
    public void ValidFlight_PassesUnchanged()
    {
        byte[] datagram = [
            .. DtlsTestRecords.Record(22, 0, 1, DtlsTestRecords.HandshakeFragment(2, 4, 1, 0, [1, 2, 3, 4])),
            .. DtlsTestRecords.Record(22, 0, 2, DtlsTestRecords.HandshakeFragment(11, 100, 2, 40, new byte[30])),
            .. DtlsTestRecords.Record(22, 0, 3, DtlsTestRecords.HandshakeFragment(14, 0, 3, 0, [])), // ServerHelloDone: empty
            .. DtlsTestRecords.Record(22, 0, 5, DtlsTestRecords.HandshakeFragment(1, 60, 1, 20, new byte[40])), // cookie ClientHello, last part
            .. DtlsTestRecords.Record(20, 0, 4, [1]),
            .. DtlsTestRecords.Record(22, 1, 0, new byte[40])];
        byte[] output = new byte[datagram.Length];

        int written = DtlsRecordFilter.CopyValidRecords(datagram, output, MaxMessage, 24, out int dropped);

        Assert.That(dropped, Is.Zero);
        Assert.That(output[..written], Is.EqualTo(datagram));
    }

    [Test]
    public void ImplausibleRecords_AreRemovedOthersKept()
    {
        byte[] good = DtlsTestRecords.Record(22, 0, 1, DtlsTestRecords.HandshakeFragment(2, 4, 1, 0, [1, 2, 3, 4]));
        byte[] datagram = [
            .. DtlsTestRecords.Record(22, 0, 5, DtlsTestRecords.HandshakeFragment(11, 300, 2, 0, [])),       // empty fragment of a non-empty message
            .. good,
            .. DtlsTestRecords.Record(22, 0, 6, DtlsTestRecords.HandshakeFragment(11, 0xFFFFFF, 2, 0, [9])), // 16 MB message
            .. DtlsTestRecords.Record(22, 0, 7, DtlsTestRecords.HandshakeFragment(11, 10, 2, 8, [1, 2, 3])), // past the end
            .. DtlsTestRecords.Record(22, 0, 8, [1, 2, 3]),                                                   // no handshake header
            .. DtlsTestRecords.Record(22, 0, 10, DtlsTestRecords.HandshakeFragment(1, 60, 2, 0, new byte[10])), // ClientHello as message_seq 2
            .. DtlsTestRecords.Record(23, 1, 0, new byte[20]),                                                // shorter than nonce + tag
            .. DtlsTestRecords.Record(22, 0, 9, [], lengthField: 100)];                                       // truncated
        byte[] output = new byte[datagram.Length];

        int written = DtlsRecordFilter.CopyValidRecords(datagram, output, MaxMessage, 24, out int dropped);

        Assert.That(output[..written], Is.EqualTo(good));
        Assert.That(dropped, Is.EqualTo(7));
    }
}
