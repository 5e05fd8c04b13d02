using Voip.Media.Dtls;

namespace Voip.Media.Tests.Dtls;

/// <summary>Hostile or broken input: the session completes or fails with a reason, never hangs or throws.</summary>
public class DtlsSessionAdversarialTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Test]
    public async Task GarbageAndZeroLengthFragmentFlood_DoesNotPreventHandshake()
    {
        var options = new DtlsOptions { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100) };
        using var pair = new DtlsPair(options, options);
        var unhandled = new List<object>();
        UnhandledExceptionEventHandler onUnhandled = (_, e) => { lock (unhandled) unhandled.Add(e.ExceptionObject); };
        AppDomain.CurrentDomain.UnhandledException += onUnhandled;
        using var stop = new CancellationTokenSource();
        int injected = 0;
        try
        {
            Task flood = Task.Run(() =>
            {
                var random = new Random(1234);
                while (!stop.IsCancellationRequested)
                {
                    byte[] junk = Junk(random);
                    pair.Server.Enqueue(junk);
                    pair.Client.Enqueue(junk);
                    injected++;
                    if (injected % 8 == 0)
                        Thread.Sleep(1);
                }
            });

            await Task.Delay(20); // the flood is already running when the handshake starts
            pair.Start();
            await Task.WhenAny(pair.ServerListener.Connected.Task, pair.ServerListener.Failed.Task).WaitAsync(Wait);
            await Task.WhenAny(pair.ClientListener.Connected.Task, pair.ClientListener.Failed.Task).WaitAsync(Wait);
            Assert.That(pair.ServerListener.Connected.Task.IsCompleted, Is.True, "server: " + pair.Server.FailureDetail);
            Assert.That(pair.ClientListener.Connected.Task.IsCompleted, Is.True, "client: " + pair.Client.FailureDetail);

            // Keep flooding the connected sessions for a moment: still connected afterwards.
            await Task.Delay(100);
            stop.Cancel();
            await flood;
        }
        finally
        {
            stop.Cancel();
            AppDomain.CurrentDomain.UnhandledException -= onUnhandled;
        }

        Assert.That(injected, Is.GreaterThan(100));
        Assert.That(pair.Server.RecordsFiltered, Is.GreaterThan(0), "the record filter saw the forged fragments");
        Assert.That(pair.Server.State, Is.EqualTo(DtlsState.Connected), pair.Server.FailureDetail);
        Assert.That(pair.Client.State, Is.EqualTo(DtlsState.Connected), pair.Client.FailureDetail);
        Assert.That(pair.Server.Keys!.LocalMasterKey, Is.EqualTo(pair.Client.Keys!.RemoteMasterKey));
        Assert.That(unhandled, Is.Empty);
    }

    [Test]
    public async Task OnlyGarbage_FailsWithTimeoutNotException()
    {
        var options = new DtlsOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(600) };
        using var pair = new DtlsPair(options, options);
        pair.ToServer.Silent = true;
        pair.ToClient.Silent = true;
        var random = new Random(99);

        pair.Start();
        for (int i = 0; i < 2000; i++)
        {
            pair.Server.Enqueue(Junk(random));
            pair.Client.Enqueue(Junk(random));
        }
        var (serverReason, _) = await pair.ServerListener.Failed.Task.WaitAsync(Wait);
        var (clientReason, _) = await pair.ClientListener.Failed.Task.WaitAsync(Wait);

        Assert.That(serverReason, Is.EqualTo(DtlsFailure.HandshakeTimeout));
        Assert.That(clientReason, Is.EqualTo(DtlsFailure.HandshakeTimeout));
        Assert.That(pair.Server.DatagramsDropped + pair.Server.DatagramsIn, Is.EqualTo(2000));
    }

    [Test]
    public async Task ClientCertificateWithoutCertificateVerify_Fails()
    {
        var options = new DtlsOptions { HandshakeTimeout = TimeSpan.FromSeconds(2), InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100) };
        using var pair = new DtlsPair(options, options);
        int removed = 0;
        pair.ToServer.Filter = d => DtlsTestRecords.WithoutRecords(d, r =>
        {
            bool certificateVerify = DtlsTestRecords.IsPlainHandshake(r, 15);
            if (certificateVerify)
                Interlocked.Increment(ref removed);
            return certificateVerify;
        });

        pair.Start();
        var (reason, _) = await pair.ServerListener.Failed.Task.WaitAsync(Wait);

        Assert.That(removed, Is.GreaterThan(0), "the client did send a CertificateVerify that we removed");
        Assert.That(reason, Is.AnyOf(DtlsFailure.HandshakeTimeout, DtlsFailure.ProtocolError));
        Assert.That(pair.ServerListener.Connected.Task.IsCompleted, Is.False);
        Assert.That(pair.Server.State, Is.EqualTo(DtlsState.Failed));
    }

    [Test]
    public async Task ClientWithoutCertificate_FailsWithNoPeerCertificate()
    {
        using var pair = new DtlsPair();
        // Replace the client's Certificate message by an empty certificate_list (RFC 5246 §7.4.6), keeping
        // message_seq, and drop its CertificateVerify: what a client without a certificate sends.
        pair.ToServer.Filter = d => DtlsTestRecords.WithoutRecords(d, r => DtlsTestRecords.IsPlainHandshake(r, 15)) is var kept
            ? ReplaceCertificate(kept) : d;

        pair.Start();
        var (reason, detail) = await pair.ServerListener.Failed.Task.WaitAsync(Wait);

        Assert.That(reason, Is.EqualTo(DtlsFailure.NoPeerCertificate), detail);
    }

    private static byte[] ReplaceCertificate(byte[] datagram)
    {
        var output = new List<byte>();
        int at = 0;
        while (at + DtlsTestRecords.RecordHeader <= datagram.Length)
        {
            int length = (datagram[at + 11] << 8) | datagram[at + 12];
            byte[] record = datagram[at..(at + DtlsTestRecords.RecordHeader + length)];
            if (DtlsTestRecords.IsPlainHandshake(record, 11))
            {
                ushort seq = (ushort)((record[17] << 8) | record[18]);
                long recordSeq = ((long)record[5] << 40) | ((long)record[6] << 32) | ((long)record[7] << 24) | ((long)record[8] << 16) | ((long)record[9] << 8) | record[10];
                record = DtlsTestRecords.Record(22, 0, recordSeq, DtlsTestRecords.HandshakeFragment(11, 3, seq, 0, [0, 0, 0]));
            }
            output.AddRange(record);
            at += DtlsTestRecords.RecordHeader + length;
        }
        return output.ToArray();
    }

    [Test]
    public async Task GarbageAfterConnect_IsIgnored()
    {
        using var pair = new DtlsPair();
        pair.Start();
        await pair.ServerListener.Connected.Task.WaitAsync(Wait);
        await pair.ClientListener.Connected.Task.WaitAsync(Wait);
        var random = new Random(7);

        for (int i = 0; i < 500; i++)
            pair.Server.Enqueue(Junk(random));
        await Task.Delay(200);

        Assert.That(pair.Server.State, Is.EqualTo(DtlsState.Connected));
        Assert.That(pair.ServerListener.Calls, Is.EqualTo(1));

        // And the session still works: a close_notify from the client is still understood.
        pair.Client.Close();
        await pair.ServerListener.Closed.Task.WaitAsync(Wait);
    }

    /// <summary>Hostile datagrams: random bytes, zero-length and oversized fragments, broken lengths, later epochs.</summary>
    private static byte[] Junk(Random random)
    {
        long seq = random.NextInt64(0, 1L << 40);
        byte[] body = new byte[random.Next(0, 200)];
        random.NextBytes(body);
        byte[] handshakeTypes = [1, 2, 3, 11, 12, 13, 14, 15, 16, 20];
        byte type = handshakeTypes[random.Next(handshakeTypes.Length)];
        ushort msgSeq = (ushort)random.Next(0, 8);
        switch (random.Next(7))
        {
            case 0: // random bytes in the DTLS first-byte range
            {
                byte[] r = new byte[random.Next(1, 300)];
                random.NextBytes(r);
                r[0] = (byte)random.Next(20, 64);
                return r;
            }
            case 1: // zero-length fragment of a non-empty message
                return DtlsTestRecords.Record(22, 0, seq,
                    DtlsTestRecords.HandshakeFragment(type, random.Next(1, 5000), msgSeq, random.Next(0, 100), []));
            case 2: // several zero-length fragments in one record
            {
                var many = new List<byte>();
                for (int i = 0; i < 20; i++)
                    many.AddRange(DtlsTestRecords.HandshakeFragment(type, random.Next(1, 5000), (ushort)random.Next(0, 8), 0, []));
                return DtlsTestRecords.Record(22, 0, seq, many.ToArray());
            }
            case 3: // a fragment claiming a 16 MB message
                return DtlsTestRecords.Record(22, 0, seq, DtlsTestRecords.HandshakeFragment(type, 0xFFFFFF, msgSeq, 0, body));
            case 4: // record length field larger than the datagram
                return DtlsTestRecords.Record(22, 0, seq, body, lengthField: body.Length + 50);
            case 5: // fragment running past its message end
                return DtlsTestRecords.Record(22, 0, seq, DtlsTestRecords.HandshakeFragment(type, 10, msgSeq, 5, body.Length > 20 ? body : new byte[20]));
            default: // "encrypted" records in epochs we do not have, or forged for the current one
                return DtlsTestRecords.Record((byte)random.Next(20, 24), (ushort)random.Next(1, 3), seq, body);
        }
    }
}
