using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop;

/// <summary>
/// Hostile and broken datagrams fired at live transports of the AOT engine while a real browser call
/// runs on it: every one is dropped and counted, and afterwards both the browser call and the
/// attacked transport still carry media.
/// </summary>
[TestFixture]
[Category("Interop")]
[NonParallelizable]
public sealed class BadInputTests
{
    private EngineProcess _engine = null!;
    private ChromiumBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _engine = await EngineProcess.StartAsync("--shards", "1", "--dtls-timeout", "3");
        _browser = await ChromiumBrowser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        if (_engine is not null)
        {
            TestContext.Out.WriteLine("--- engine log ---\n" + _engine.LogText);
            await _engine.DisposeAsync();
        }
    }

    [Test]
    public async Task MalformedDatagramsAreDroppedAndCountedAndCallsGoOn()
    {
        var page = await _browser.NewPageAsync();
        var browserCall = await EchoCall.StartAsync(page, _engine.Client);
        var before = await browserCall.WaitAsync(s => s.HasMedia(20, 40), TimeSpan.FromSeconds(15));
        Assert.That(before.HasMedia(20, 40), Is.True, $"browser call before the attack: {before}");

        await using var victim = await TestPeer.ConnectAsync(_engine.Client);
        Assert.That(await victim.RoundTripAsync(50, TimeSpan.FromSeconds(5)), Is.True, "the victim's echo works before the attack");

        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        foreach (var (name, datagram) in Attacks(victim))
        {
            for (int i = 0; i < 20; i++)
            {
                victim.SendRaw(datagram);          // from the authenticated address: reaches the transport's parsers
                stranger.SendTo(datagram, victim.Server); // from nowhere: must not reach any transport
            }

            TestContext.Out.WriteLine($"fired: {name} ({datagram.Length} bytes) x40");
        }

        // A DTLS record flood at the connected session, including zero-length handshake fragments.
        for (int i = 0; i < 500; i++)
        {
            victim.SendRaw(i % 2 == 0 ? ZeroLengthHandshakeFragment((ushort)i) : GarbageDtlsRecord(i));
        }

        // The attacked transport and the browser call both still work.
        Assert.That(await victim.RoundTripAsync(50, TimeSpan.FromSeconds(5)), Is.True, "the victim's echo works after the attack");
        var after = await browserCall.WaitAsync(s => s.FramesDecoded > before.FramesDecoded + 20, TimeSpan.FromSeconds(10));
        Assert.That(after.FramesDecoded, Is.GreaterThan(before.FramesDecoded + 20), $"browser call after the attack: {after}");

        var stats = await _engine.Client.GetTransportStatsAsync(new GetTransportStatsRequest { TransportId = victim.TransportId });
        var info = await _engine.Client.GetEngineInfoAsync(new GetEngineInfoRequest());
        TestContext.Out.WriteLine($"victim: {stats}\nengine: {info}");
        Assert.Multiple(() =>
        {
            Assert.That(stats.State, Is.EqualTo(TransportState.Connected));
            Assert.That(stats.SrtpUnprotectFailures, Is.GreaterThanOrEqualTo(80UL), "malformed SRTP/SRTCP refused and counted");
            Assert.That(stats.StunRequestsDropped, Is.GreaterThanOrEqualTo(20UL), "forged checks refused and counted");
            Assert.That(info.Shards.Sum(s => (long)s.DroppedOversize), Is.GreaterThanOrEqualTo(80L), "oversize datagrams dropped at the socket");
            Assert.That(info.Shards.Sum(s => (long)s.DroppedNoTransport), Is.GreaterThanOrEqualTo(100L), "strangers' datagrams reach no transport");
            Assert.That(info.Shards.Sum(s => (long)s.HandlerExceptions), Is.Zero, "no exception escaped the packet path");
        });
        await page.CloseAsync();
    }

    [Test]
    public async Task ClientCertificateWithoutCertificateVerifyFailsOnlyThatTransport()
    {
        var page = await _browser.NewPageAsync();
        var browserCall = await EchoCall.StartAsync(page, _engine.Client);
        var before = await browserCall.WaitAsync(s => s.HasMedia(20, 40), TimeSpan.FromSeconds(15));
        Assert.That(before.HasMedia(20, 40), Is.True, $"browser call before: {before}");

        using var events = _engine.Client.StreamEvents(new StreamEventsRequest());
        int stripped = 0;
        // A client that presents a certificate but never proves it holds the key (RFC 5246 §7.4.8).
        await using var impostor = await TestPeer.StartHandshakeAsync(_engine.Client, SrtpProfile.AeadAes128Gcm, datagram =>
            Dtls.DtlsTestRecords.WithoutRecords(datagram, record =>
            {
                bool certificateVerify = Dtls.DtlsTestRecords.IsPlainHandshake(record, 15);
                if (certificateVerify)
                {
                    Interlocked.Increment(ref stripped);
                }

                return certificateVerify;
            }));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        TransportEvent? failed = null;
        while (failed is null && await events.ResponseStream.MoveNext(cts.Token))
        {
            var evt = events.ResponseStream.Current.Transport;
            if (evt?.TransportId == impostor.TransportId && evt.State == TransportState.Failed)
            {
                failed = evt;
            }
        }

        Assert.That(stripped, Is.GreaterThan(0), "the impostor did send a CertificateVerify that was removed");
        Assert.That(failed, Is.Not.Null);
        Assert.That(failed!.Reason, Does.Contain("dtls failure"));
        var after = await browserCall.WaitAsync(s => s.FramesDecoded > before.FramesDecoded + 20, TimeSpan.FromSeconds(10));
        Assert.That(after.FramesDecoded, Is.GreaterThan(before.FramesDecoded + 20), $"browser call after: {after}");
        await page.CloseAsync();
    }

    private static IEnumerable<(string Name, byte[] Datagram)> Attacks(TestPeer victim)
    {
        // STUN binding request whose USERNAME names the victim's transport but whose next attribute claims 0xFFFF bytes.
        var stun = new byte[20 + 8 + 4 + 8];
        BinaryPrimitives.WriteUInt16BigEndian(stun, 0x0001);
        BinaryPrimitives.WriteUInt16BigEndian(stun.AsSpan(2), (ushort)(stun.Length - 20));
        BinaryPrimitives.WriteUInt32BigEndian(stun.AsSpan(4), 0x2112A442);
        BinaryPrimitives.WriteUInt16BigEndian(stun.AsSpan(20), 0x0006);
        BinaryPrimitives.WriteUInt16BigEndian(stun.AsSpan(22), 4);
        "abcd"u8.CopyTo(stun.AsSpan(24));
        BinaryPrimitives.WriteUInt16BigEndian(stun.AsSpan(28), 0x0024);
        BinaryPrimitives.WriteUInt16BigEndian(stun.AsSpan(30), 0xFFFF);
        yield return ("STUN attribute length past the end", stun);
        yield return ("STUN check for the victim signed with the wrong password", victim.ForgedBindingRequest());

        // RTP with CC=15 in a 16-byte packet (the CSRC list alone would need 60 bytes).
        var csrc = new byte[16];
        csrc[0] = 0x8F;
        csrc[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(csrc.AsSpan(8), TestPeer.SendSsrc);
        yield return ("RTP CC=15 in a tiny packet", csrc);

        // RTP with a one-byte header extension whose length runs past the end.
        var ext = new byte[40];
        ext[0] = 0x90;
        ext[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(ext.AsSpan(8), TestPeer.SendSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(ext.AsSpan(12), 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(ext.AsSpan(14), 0xFFFF);
        yield return ("RTP header extension past the end", ext);

        // Shorter than the authentication tag.
        var shortRtp = new byte[14];
        shortRtp[0] = 0x80;
        shortRtp[1] = 96;
        yield return ("RTP shorter than the auth tag", shortRtp);

        // A genuine SRTCP packet with the E bit (top bit of the SRTCP index word) flipped.
        var srtcp = victim.ProtectedReceiverReport();
        int indexOffset = srtcp.Length - 16 - 4; // GCM: tag (16) after the index word
        srtcp[indexOffset] ^= 0x80;
        yield return ("SRTCP with the E bit flipped", srtcp);

        // Over the 1500-byte datagram limit.
        var big = new byte[1600];
        big[0] = 0x80;
        big[1] = 96;
        yield return ("1600-byte RTP datagram", big);
        var jumbo = new byte[9000];
        jumbo[0] = 0x80;
        yield return ("9000-byte datagram", jumbo);

        // Not any protocol we speak (RFC 7983 first byte 64..127).
        yield return ("unknown first byte", [0x50, 1, 2, 3, 4, 5, 6, 7]);
    }

    private static byte[] ZeroLengthHandshakeFragment(ushort sequence)
    {
        var record = new byte[13 + 12];
        record[0] = 22;                 // handshake
        record[1] = 0xFE;
        record[2] = 0xFD;               // DTLS 1.2
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(9), sequence);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(11), 12);
        record[13] = 2;                 // server_hello
        record[13 + 3] = 0x40;          // message length 64, fragment length 0
        return record;
    }

    private static byte[] GarbageDtlsRecord(int seed)
    {
        var record = new byte[13 + 48];
        new Random(seed).NextBytes(record);
        record[0] = 23;                 // application data
        record[1] = 0xFE;
        record[2] = 0xFD;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(11), 48);
        return record;
    }
}
