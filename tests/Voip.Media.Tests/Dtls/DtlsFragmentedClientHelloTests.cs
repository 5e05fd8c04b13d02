using Voip.Media.Dtls;
using Voip.Media.Srtp;

namespace Voip.Media.Tests.Dtls;

/// <summary>
/// The HelloVerifyRequest cookie exchange (RFC 6347 §4.2.1) with a client whose ClientHello arrives in fragments
/// (RFC 6347 §4.2.3), as Chromium's does once it offers DTLS 1.3 with a post-quantum key share.
/// </summary>
public class DtlsFragmentedClientHelloTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private const byte HelloVerifyRequest = 3;

    [TestCase(SrtpProfile.AeadAes128Gcm)]
    [TestCase(SrtpProfile.AeadAes256Gcm)]
    [TestCase(SrtpProfile.Aes128CmHmacSha1_80)]
    public async Task FragmentedClientHello_WithCookieExchange_Connects(SrtpProfile profile)
    {
        var options = new DtlsOptions { ProfilePreference = [profile], UseHelloVerifyRequest = true };
        using var pair = new DtlsPair(options, options);
        var fragmenter = new ClientHelloFragmenter(fragmentSize: 40, recordsPerDatagram: 2);
        pair.ToServer.Expand = fragmenter.Expand;
        int[] helloVerifyRequests = CountServerHandshakes(pair, HelloVerifyRequest);

        pair.Start();
        SrtpKeyingMaterial serverKeys = await ConnectedOrFail(pair.ServerListener, pair.Server);
        SrtpKeyingMaterial clientKeys = await ConnectedOrFail(pair.ClientListener, pair.Client);

        Assert.That(serverKeys.Profile, Is.EqualTo(profile));
        Assert.That(clientKeys.LocalMasterKey, Is.EqualTo(serverKeys.RemoteMasterKey));
        Assert.That(clientKeys.RemoteMasterKey, Is.EqualTo(serverKeys.LocalMasterKey));
        Assert.That(clientKeys.LocalMasterSalt, Is.EqualTo(serverKeys.RemoteMasterSalt));
        // Both ClientHellos (before and after the cookie) really went out in many fragments.
        Assert.That(fragmenter.MessageSeqsSplit, Is.EquivalentTo(new[] { 0, 1 }));
        Assert.That(fragmenter.FragmentsMade, Is.GreaterThanOrEqualTo(2 * 4));
        Assert.That(Volatile.Read(ref helloVerifyRequests[0]), Is.GreaterThanOrEqualTo(1), "the server asked for a cookie");
    }

    [Test]
    public async Task FragmentsShuffledDuplicatedAndSeveralPerRecord_Connects()
    {
        var options = new DtlsOptions { UseHelloVerifyRequest = true, InitialRetransmitTimeout = TimeSpan.FromMilliseconds(200) };
        using var pair = new DtlsPair(options, options);
        var fragmenter = new ClientHelloFragmenter(fragmentSize: 23, fragmentsPerRecord: 3, recordsPerDatagram: 2,
            shuffle: new Random(42), duplicate: true);
        pair.ToServer.Expand = fragmenter.Expand;

        pair.Start();
        SrtpKeyingMaterial serverKeys = await ConnectedOrFail(pair.ServerListener, pair.Server);
        SrtpKeyingMaterial clientKeys = await ConnectedOrFail(pair.ClientListener, pair.Client);

        Assert.That(clientKeys.LocalMasterKey, Is.EqualTo(serverKeys.RemoteMasterKey));
        Assert.That(fragmenter.MessageSeqsSplit, Is.EquivalentTo(new[] { 0, 1 }));
        Assert.That(fragmenter.FragmentsMade, Is.GreaterThanOrEqualTo(2 * 8));
    }

    [Test]
    public async Task ForgedFragmentFloodDuringReassembly_ConnectsWithBoundedMemory()
    {
        var options = new DtlsOptions { UseHelloVerifyRequest = true, InitialRetransmitTimeout = TimeSpan.FromMilliseconds(200) };
        using var pair = new DtlsPair(options, options);
        var fragmenter = new ClientHelloFragmenter(fragmentSize: 60, recordsPerDatagram: 1);
        pair.ToServer.Expand = fragmenter.Expand;
        using var stop = new CancellationTokenSource();
        int injected = 0;

        Task flood = Task.Run(() =>
        {
            var random = new Random(7);
            while (!stop.IsCancellationRequested)
            {
                pair.Server.Enqueue(ForgedClientHelloFragments(random));
                injected++;
                if (injected % 4 == 0)
                    Thread.Sleep(1);
            }
        });
        try
        {
            await Task.Delay(20); // already flooding when the client starts
            pair.Start();
            SrtpKeyingMaterial serverKeys = await ConnectedOrFail(pair.ServerListener, pair.Server);
            SrtpKeyingMaterial clientKeys = await ConnectedOrFail(pair.ClientListener, pair.Client);
            Assert.That(clientKeys.LocalMasterKey, Is.EqualTo(serverKeys.RemoteMasterKey));
        }
        finally
        {
            stop.Cancel();
            await flood;
        }

        Assert.That(injected, Is.GreaterThan(50));
        Assert.That(pair.Server.ClientHelloFragmentsIgnored, Is.GreaterThan(0), "forged fragments were seen and discarded");
        Assert.That(pair.Server.ClientHelloPeakBufferedBytes, Is.GreaterThan(0)
            .And.LessThanOrEqualTo(DtlsClientHelloReassembler.MaxBufferedBytes));
        Assert.That(pair.Server.State, Is.EqualTo(DtlsState.Connected));
    }

    /// <summary>One datagram of forged epoch-0 records: plausible ClientHello fragments of other messages and invalid ones.</summary>
    internal static byte[] ForgedClientHelloFragments(Random random)
    {
        var datagram = new List<byte>();
        for (int i = 0; i < 3; i++)
        {
            int length = random.Next(39, 16_000);
            int offset = random.Next(0, length - 16);
            byte[] body = new byte[random.Next(1, 16)];
            random.NextBytes(body);
            byte[] fragment = random.Next(6) switch
            {
                // A fragment of some other (never completed) ClientHello: seq 0 or 1, random length.
                0 or 1 => DtlsTestRecords.HandshakeFragment(1, length, (ushort)random.Next(2), offset, body),
                // message_seq no ClientHello has.
                2 => DtlsTestRecords.HandshakeFragment(1, length, (ushort)random.Next(2, 65536), offset, body),
                // Another message type.
                3 => DtlsTestRecords.HandshakeFragment((byte)random.Next(2, 30), length, 0, offset, body),
                // Declared longer than any record can carry.
                4 => DtlsTestRecords.HandshakeFragment(1, 100_000, 1, 0, body),
                // Too short for a ClientHello.
                _ => DtlsTestRecords.HandshakeFragment(1, 10, 0, 0, body.AsSpan(0, Math.Min(body.Length, 10))),
            };
            // Record sequence number 0: a forged epoch-0 record with a high sequence number would instead advance
            // BouncyCastle's replay window past the client's real records (an epoch-0 weakness outside ClientHello
            // reassembly, not what this flood is about).
            datagram.AddRange(DtlsTestRecords.Record(22, 0, 0, fragment));
        }
        return [.. datagram];
    }

    /// <summary>Counts the server's datagrams that start with a plaintext <paramref name="msgType"/> handshake record.</summary>
    private static int[] CountServerHandshakes(DtlsPair pair, byte msgType)
    {
        int[] count = new int[1];
        pair.ToClient.Filter = datagram =>
        {
            if (DtlsTestRecords.IsPlainHandshake(datagram, msgType))
                Interlocked.Increment(ref count[0]);
            return datagram;
        };
        return count;
    }

    private static async Task<SrtpKeyingMaterial> ConnectedOrFail(RecordingDtlsListener listener, DtlsSession session)
    {
        Task done = await Task.WhenAny(listener.Connected.Task, listener.Failed.Task).WaitAsync(Wait);
        if (done == listener.Failed.Task)
            Assert.Fail($"{session.Role} failed: {listener.Failed.Task.Result}");
        return await listener.Connected.Task;
    }
}
