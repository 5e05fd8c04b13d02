using System.Buffers.Binary;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Voip.Media.Dtls;

namespace Voip.Media.Tests.Dtls;

public class DtlsClientHelloReassemblerTests
{
    private static readonly Lazy<byte[]> RealClientHello = new(CaptureClientHello);

    [Test]
    public void WholeClientHello_ComesOutByteForByte()
    {
        byte[] record = RealClientHello.Value;
        var reassembler = new DtlsClientHelloReassembler();

        reassembler.AddDatagram(record);

        Assert.That(reassembler.TryTakeCompleted(out byte[] completed), Is.True);
        Assert.That(completed, Is.EqualTo(record));
        Assert.That(reassembler.TryTakeCompleted(out _), Is.False);
        Assert.That(reassembler.Defragmented, Is.Zero);
        Assert.That(reassembler.BufferedBytes, Is.Zero);
    }

    [Test]
    public void ShuffledDuplicatedFragments_ReassembleToTheWholeMessage()
    {
        byte[] record = RealClientHello.Value;
        var fragmenter = new ClientHelloFragmenter(fragmentSize: 10, fragmentsPerRecord: 2, recordsPerDatagram: 2,
            shuffle: new Random(3), duplicate: true);
        IReadOnlyList<byte[]> datagrams = fragmenter.Expand(record);
        var reassembler = new DtlsClientHelloReassembler();
        var completed = new List<byte[]>();

        foreach (byte[] d in datagrams)
        {
            reassembler.AddDatagram(d);
            while (reassembler.TryTakeCompleted(out byte[] c))
                completed.Add(c);
        }

        Assert.That(datagrams.Count, Is.GreaterThan(4));
        Assert.That(completed, Is.Not.Empty);
        Assert.That(reassembler.Defragmented, Is.EqualTo(completed.Count));
        // Same version and handshake message; the record sequence number is that of the first fragment received.
        Assert.That(completed[0][..3], Is.EqualTo(record[..3]));
        Assert.That(completed[0][3..5], Is.EqualTo(new byte[] { 0, 0 }));
        Assert.That(completed[0][11..], Is.EqualTo(record[11..]));
        Assert.That(completed[0][5..11], Is.EqualTo(datagrams[0][5..11]));
    }

    [Test]
    public void Verifier_GivesTheSameCookieForFragmentedAndWholeClientHello()
    {
        byte[] record = RealClientHello.Value;
        var verifier = new DtlsVerifier(new BcTlsCrypto(new SecureRandom()));
        byte[] clientId = [1, 2, 3, 4];
        var whole = new CapturingDatagramSender();
        var fragmented = new CapturingDatagramSender();
        var raw = new CapturingDatagramSender();
        IReadOnlyList<byte[]> datagrams = new ClientHelloFragmenter(fragmentSize: 50).Expand(record);
        var reassembler = new DtlsClientHelloReassembler();

        Assert.That(verifier.VerifyRequest(clientId, record, 0, record.Length, whole), Is.Null);
        foreach (byte[] d in datagrams)
        {
            // What went wrong before: the verifier alone ignores every fragment.
            Assert.That(verifier.VerifyRequest(clientId, d, 0, d.Length, raw), Is.Null);
            reassembler.AddDatagram(d);
        }
        Assert.That(reassembler.TryTakeCompleted(out byte[] synthesized), Is.True);
        Assert.That(verifier.VerifyRequest(clientId, synthesized, 0, synthesized.Length, fragmented), Is.Null);

        Assert.That(raw.Sent, Is.Empty);
        Assert.That(whole.Sent, Has.Count.EqualTo(1));
        Assert.That(fragmented.Sent, Has.Count.EqualTo(1));
        byte[] wholeHvr = whole.Sent[0];
        byte[] fragmentedHvr = fragmented.Sent[0];
        Assert.That(wholeHvr[DtlsTestRecords.RecordHeader], Is.EqualTo(3), "hello_verify_request");
        // Cookie (after record header, handshake header, server_version) is the same.
        int cookieAt = DtlsTestRecords.RecordHeader + DtlsTestRecords.HandshakeHeader + 2;
        Assert.That(fragmentedHvr[cookieAt..], Is.EqualTo(wholeHvr[cookieAt..]));
        // The HelloVerifyRequest echoes the record sequence number of the (first fragment of the) ClientHello (§4.2.1).
        Assert.That(fragmentedHvr[5..11], Is.EqualTo(datagrams[0][5..11]));
    }

    [Test]
    public void ConflictingAndInvalidFragments_AreIgnored()
    {
        byte[] body = new byte[100];
        new Random(5).NextBytes(body);
        var reassembler = new DtlsClientHelloReassembler();

        reassembler.AddDatagram(Datagram(Fragment(1, 100, 1, 0, body.AsSpan(0, 60))));
        byte[] conflicting = body.AsSpan(50, 50).ToArray();
        conflicting[0] ^= 0xFF; // byte 50 was already received with another value
        reassembler.AddDatagram(Datagram(
            Fragment(1, 100, 1, 50, conflicting),
            Fragment(1, 100, 2, 60, body.AsSpan(60, 40)),        // no ClientHello has message_seq 2
            Fragment(2, 100, 1, 60, body.AsSpan(60, 40)),        // not a ClientHello
            Fragment(1, 20, 1, 0, body.AsSpan(0, 20)),           // shorter than any ClientHello
            Fragment(1, 16_373, 1, 0, body.AsSpan(0, 20)),       // cannot fit one record
            Fragment(1, 100, 1, 90, body.AsSpan(0, 20))));       // runs past the end
        reassembler.AddDatagram(DtlsTestRecords.Record(22, 1, 0, Fragment(1, 100, 1, 60, body.AsSpan(60, 40)))); // epoch 1

        Assert.That(reassembler.TryTakeCompleted(out _), Is.False);
        Assert.That(reassembler.Ignored, Is.EqualTo(7));

        reassembler.AddDatagram(Datagram(Fragment(1, 100, 1, 40, body.AsSpan(40, 60))));
        Assert.That(reassembler.TryTakeCompleted(out byte[] record), Is.True);
        Assert.That(record.AsSpan(DtlsTestRecords.RecordHeader + DtlsTestRecords.HandshakeHeader).ToArray(), Is.EqualTo(body));
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(record.AsSpan(DtlsTestRecords.RecordHeader + 4)), Is.EqualTo(1), "message_seq kept");
    }

    [Test]
    public void NewMessageSeq_IsReassembledAlongsideTheOldOne()
    {
        byte[] first = new byte[80];
        byte[] second = new byte[90];
        new Random(9).NextBytes(first);
        new Random(10).NextBytes(second);
        var reassembler = new DtlsClientHelloReassembler();

        reassembler.AddDatagram(Datagram(Fragment(1, 80, 0, 0, first.AsSpan(0, 40))));
        reassembler.AddDatagram(Datagram(Fragment(1, 90, 1, 0, second.AsSpan(0, 45))));
        reassembler.AddDatagram(Datagram(Fragment(1, 90, 1, 45, second.AsSpan(45))));

        Assert.That(reassembler.TryTakeCompleted(out byte[] record), Is.True);
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(record.AsSpan(DtlsTestRecords.RecordHeader + 4)), Is.EqualTo(1));
        Assert.That(reassembler.BufferedBytes, Is.EqualTo(80), "the unfinished seq 0 message is still held");
    }

    [Test]
    public void FloodOfForgedMessages_StaysWithinBudgetAndKeepsTheRealOne()
    {
        byte[] record = RealClientHello.Value;
        IReadOnlyList<byte[]> datagrams = new ClientHelloFragmenter(fragmentSize: 100).Expand(record);
        var reassembler = new DtlsClientHelloReassembler();
        var random = new Random(11);

        for (int i = 0; i < datagrams.Count - 1; i++)
        {
            reassembler.AddDatagram(datagrams[i]);
            for (int j = 0; j < 500; j++)
                reassembler.AddDatagram(DtlsFragmentedClientHelloTests.ForgedClientHelloFragments(random));
        }
        int peak = reassembler.PeakBufferedBytes;
        reassembler.AddDatagram(datagrams[^1]);

        Assert.That(peak, Is.GreaterThan(DtlsClientHelloReassembler.MaxBufferedBytes / 2)
            .And.LessThanOrEqualTo(DtlsClientHelloReassembler.MaxBufferedBytes));
        Assert.That(reassembler.TryTakeCompleted(out byte[] completed), Is.True);
        Assert.That(completed[11..], Is.EqualTo(record[11..]));
    }

    private static byte[] Fragment(byte type, int length, ushort seq, int offset, ReadOnlySpan<byte> body) =>
        DtlsTestRecords.HandshakeFragment(type, length, seq, offset, body);

    private static byte[] Datagram(params byte[][] fragments) =>
        DtlsTestRecords.Record(22, 0, 1, [.. fragments.SelectMany(f => f)]);

    /// <summary>The first datagram of our own client: one record holding a whole ClientHello.</summary>
    private static byte[] CaptureClientHello()
    {
        var capture = new CapturingDatagramSender();
        DtlsCertificate cert = DtlsCertificate.Generate("capture");
        using var client = new DtlsSession(DtlsRole.Client, cert, cert.Fingerprint, DtlsOptions.Default, capture,
            new RecordingDtlsListener());
        client.Start();
        return capture.First.Task.WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
    }
}
