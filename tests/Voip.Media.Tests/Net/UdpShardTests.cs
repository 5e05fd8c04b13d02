using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Voip.Media.Net;

namespace Voip.Media.Tests.Net;

[TestFixture(false)]
[TestFixture(true)]
public class UdpShardTests
{
    private readonly bool _portable;

    public UdpShardTests(bool portable) => _portable = portable;

    [SetUp]
    public void RequireLinuxForBatchedIo()
    {
        if (!_portable && !OperatingSystem.IsLinux())
        {
            Assert.Ignore("recvmmsg/sendmmsg path exists only on Linux.");
        }
    }

    private UdpShardOptions Options(TimeSpan? tick = null) => new()
    {
        ForcePortableIo = _portable,
        TickInterval = tick ?? TimeSpan.FromMilliseconds(10),
    };

    private UdpShard StartShard(IDatagramHandler handler, IPAddress? bind = null, UdpShardOptions? options = null)
    {
        var shard = new UdpShard(3, new IPEndPoint(bind ?? IPAddress.Loopback, 0), handler, options ?? Options());
        Assert.That(shard.IsBatchedIo, Is.EqualTo(!_portable));
        shard.Start();
        return shard;
    }

    private static bool WaitFor(Func<bool> condition, int timeoutMs = 2000) => SpinWait.SpinUntil(condition, timeoutMs);

    [Test]
    public void Echo_AllDatagramsComeBack_IPv4()
    {
        var handler = new EchoHandler();
        using UdpShard shard = StartShard(handler);
        using var client = new UdpTestClient(IPAddress.Loopback);

        const int count = 3000;
        HashSet<int> back = client.EchoRoundTrip(shard.LocalEndPoint, count, window: 64);

        Assert.That(back, Has.Count.EqualTo(count));
        Assert.That(WaitFor(() => shard.DatagramsSent == count), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(shard.LocalEndPoint.Port, Is.Not.Zero);
            Assert.That(shard.DatagramsReceived, Is.EqualTo(count));
            Assert.That(shard.BytesReceived, Is.EqualTo(count * 200L));
            Assert.That(shard.BytesSent, Is.EqualTo(count * 200L));
            Assert.That(shard.SendErrors, Is.Zero);
            Assert.That(shard.DroppedOversize, Is.Zero);
            Assert.That(shard.HandlerExceptions, Is.Zero);
        });
    }

    [Test]
    public void Echo_IPv6Loopback()
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Ignore("IPv6 is not available on this machine.");
        }

        var handler = new EchoHandler();
        using UdpShard shard = StartShard(handler, IPAddress.IPv6Loopback);
        using var client = new UdpTestClient(IPAddress.IPv6Loopback);

        HashSet<int> back = client.EchoRoundTrip(shard.LocalEndPoint, 500, window: 50);

        Assert.That(back, Has.Count.EqualTo(500));
    }

    [Test]
    public void Echo_DualStackSocket_ServesIPv4PeerAsIPv4()
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Ignore("IPv6 is not available on this machine.");
        }

        var remotes = new List<UdpEndpoint>();
        var handler = new EchoHandler();
        handler.OnEach = _ => { };
        var recording = new RecordingHandler(handler, remotes);
        using UdpShard shard = StartShard(recording, IPAddress.IPv6Any);
        using var client = new UdpTestClient(IPAddress.Loopback);

        var server = new IPEndPoint(IPAddress.Loopback, shard.LocalEndPoint.Port);
        HashSet<int> back = client.EchoRoundTrip(server, 100, window: 20);

        Assert.That(back, Has.Count.EqualTo(100));
        UdpEndpoint first;
        lock (remotes)
        {
            first = remotes[0];
        }

        Assert.That(first.IsIPv4, Is.True, "an IPv4 peer on a dual-stack socket is reported unmapped");
        Assert.That(first, Is.EqualTo(UdpEndpoint.FromIPEndPoint(client.LocalEndPoint)));
    }

    [Test]
    public void Batching_QueuedDatagramsAreReadSeveralPerCall()
    {
        var handler = new EchoHandler();
        var shard = new UdpShard(0, new IPEndPoint(IPAddress.Loopback, 0), handler, Options());
        using (shard)
        using (var client = new UdpTestClient(IPAddress.Loopback))
        {
            // Queue datagrams in the socket before the loop runs, so the first reads find many waiting.
            const int count = 256;
            for (int i = 0; i < count; i++)
            {
                client.SendTo(UdpTestClient.Payload(i, 100), shard.LocalEndPoint);
            }

            shard.Start();
            Assert.That(WaitFor(() => shard.DatagramsReceived == count), Is.True);
            // The counter moves after sendmmsg returns, which may be after the client already has the echoes.
            Assert.That(WaitFor(() => shard.DatagramsSent == count), Is.True, $"sent {shard.DatagramsSent}");
            int echoes = 0;
            while (echoes < count && client.Receive(out _) is not null)
            {
                echoes++;
            }

            Assert.Multiple(() =>
            {
                Assert.That(echoes, Is.EqualTo(count));
                Assert.That(shard.ReceiveBatches, Is.LessThanOrEqualTo(count / 16), "most reads return a full batch");
                Assert.That(shard.AverageReceiveBatch, Is.GreaterThan(16));
                Assert.That(shard.DatagramsSent, Is.EqualTo(count));
            });
        }
    }

    [Test]
    public void FanOut_MoreSendsThanSlots_FlushesWhenTheQueueFills()
    {
        // 4 send slots, 10 copies per datagram: every datagram overflows the queue twice.
        var options = Options();
        options.SendBatch = 4;
        using UdpShard shard = StartShard(new FanOutHandler(10), options: options);
        using var client = new UdpTestClient(IPAddress.Loopback);

        var copies = new HashSet<(int Sequence, int Copy)>();
        for (int i = 0; i < 20; i++)
        {
            client.SendTo(UdpTestClient.Payload(i, 120), shard.LocalEndPoint);
            for (int c = 0; c < 10; c++)
            {
                byte[]? echo = client.Receive(out _);
                Assert.That(echo, Is.Not.Null, $"datagram {i} copy {c}");
                copies.Add((BinaryPrimitives.ReadInt32BigEndian(echo.AsSpan(4)), echo![1]));
            }
        }

        Assert.That(copies, Has.Count.EqualTo(200));
        Assert.That(WaitFor(() => shard.DatagramsSent == 200), Is.True, $"sent {shard.DatagramsSent}");
    }

    [Test]
    public void SocketBuffers_AreAtLeastWhatWasAskedFor_WhenTheKernelAllows()
    {
        const int wanted = 1024 * 1024;
        bool privileged = Environment.IsPrivilegedProcess;
        if (OperatingSystem.IsLinux() && !privileged && int.Parse(File.ReadAllText("/proc/sys/net/core/rmem_max").Trim()) < wanted)
        {
            Assert.Ignore("net.core.rmem_max is below 1 MiB and the process cannot force larger buffers.");
        }

        var options = Options();
        options.SocketReceiveBufferBytes = wanted;
        options.SocketSendBufferBytes = wanted;
        using var shard = new UdpShard(0, new IPEndPoint(IPAddress.Loopback, 0), new EchoHandler(), options);

        // Linux reports twice the size it accepted (the other half is its bookkeeping allowance).
        int reported = OperatingSystem.IsLinux() ? 2 * wanted : wanted;
        Assert.That(shard.ReceiveBufferBytes, Is.GreaterThanOrEqualTo(reported));
        Assert.That(shard.SendBufferBytes, Is.GreaterThanOrEqualTo(reported));
    }

    [Test]
    public void SocketBuffers_AreForcedAboveTheSysctlCap_WithCapNetAdmin()
    {
        if (!OperatingSystem.IsLinux() || !HasCapNetAdmin())
        {
            Assert.Ignore("SO_RCVBUFFORCE needs Linux and CAP_NET_ADMIN.");
        }

        // Linux reports twice the accepted value; capped at rmem_max, the report could not exceed 2 * cap.
        int cap = int.Parse(File.ReadAllText("/proc/sys/net/core/rmem_max").Trim());
        int wanted = cap + (1024 * 1024);
        var options = Options();
        options.SocketReceiveBufferBytes = wanted;
        using var shard = new UdpShard(0, new IPEndPoint(IPAddress.Loopback, 0), new EchoHandler(), options);

        Assert.That(shard.ReceiveBufferBytes, Is.EqualTo(2 * wanted), $"rmem_max {cap}");
    }

    private static bool HasCapNetAdmin()
    {
        const int capNetAdmin = 12;
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        return line is not null && ((ulong.Parse(line["CapEff:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber) >> capNetAdmin) & 1) == 1;
    }

    [Test]
    public void Oversize_IsDroppedAndCounted_NormalTrafficFlows()
    {
        var handler = new EchoHandler();
        using UdpShard shard = StartShard(handler);
        using var client = new UdpTestClient(IPAddress.Loopback);

        int[] sizes = [1500, 1501, 1600, 2047, 2048, 2049, 9000, 60000];
        int normal = 0;
        int oversize = 0;
        for (int round = 0; round < 5; round++)
        {
            foreach (int size in sizes)
            {
                client.SendTo(UdpTestClient.Payload(round, size), shard.LocalEndPoint);
                client.SendTo(UdpTestClient.Payload(round, 100), shard.LocalEndPoint);
                normal++;
                if (size > UdpShard.MaxDatagramSize)
                {
                    oversize++;
                }
                else
                {
                    normal++;
                }
            }
        }

        int echoes = 0;
        long echoedBytes = 0;
        while (echoes < normal && client.Receive(out _) is byte[] echo)
        {
            echoes++;
            echoedBytes += echo.Length;
            Assert.That(echo, Has.Length.LessThanOrEqualTo(UdpShard.MaxDatagramSize));
        }

        Assert.That(echoes, Is.EqualTo(normal));
        Assert.That(WaitFor(() => shard.DroppedOversize == oversize), Is.True, $"dropped {shard.DroppedOversize}");
        Assert.That(handler.Datagrams, Is.EqualTo(normal));
        Assert.That(shard.DatagramsReceived, Is.EqualTo(normal + oversize));
        Assert.That(shard.BytesReceived, Is.EqualTo(echoedBytes));
    }

    [Test]
    public void HandlerException_IsCountedAndLoopContinues()
    {
        var handler = new EchoHandler { ThrowOnFirstByte = 0xEE };
        using UdpShard shard = StartShard(handler);
        using var client = new UdpTestClient(IPAddress.Loopback);

        for (int i = 0; i < 10; i++)
        {
            client.SendTo(UdpTestClient.Payload(i, 50, first: 0xEE), shard.LocalEndPoint);
        }

        HashSet<int> back = client.EchoRoundTrip(shard.LocalEndPoint, 200, window: 50);

        Assert.That(back, Has.Count.EqualTo(200));
        Assert.That(shard.HandlerExceptions, Is.EqualTo(10));
        Assert.That(shard.LastHandlerException, Is.InstanceOf<InvalidOperationException>());
        Assert.That(shard.IsRunning, Is.True);
    }

    [Test]
    public void TickException_IsCountedAndTicksContinue()
    {
        var handler = new ThrowingTickHandler();
        using UdpShard shard = StartShard(handler);

        Assert.That(WaitFor(() => handler.Ticks >= 5), Is.True);
        Assert.That(shard.HandlerExceptions, Is.GreaterThanOrEqualTo(4));
    }

    [Test]
    public void Tick_RunsAtTheConfiguredInterval_WithoutTraffic()
    {
        var handler = new EchoHandler();
        using UdpShard shard = StartShard(handler);
        long before = handler.Ticks;
        var watch = Stopwatch.StartNew();
        Thread.Sleep(400);
        long ticks = handler.Ticks - before;
        double elapsedMs = watch.Elapsed.TotalMilliseconds;

        // 10 ms interval: ~40 ticks in 400 ms, never more than one per interval; the lower bound leaves a
        // loaded 2-core machine slack (a shard that only ticked on a 100 ms timeout would still fail).
        Assert.That(ticks, Is.InRange(10, (long)(elapsedMs / 10) + 2));
        Assert.That(shard.Ticks, Is.GreaterThanOrEqualTo(handler.Ticks - 1));
    }

    [Test]
    public void Tick_KeepsRunningUnderSteadyTraffic()
    {
        var handler = new EchoHandler();
        using UdpShard shard = StartShard(handler);
        using var client = new UdpTestClient(IPAddress.Loopback);

        long before = handler.Ticks;
        var watch = Stopwatch.StartNew();
        int round = 0;
        while (watch.ElapsedMilliseconds < 300)
        {
            client.EchoRoundTrip(shard.LocalEndPoint, 32, window: 32);
            round++;
        }

        Assert.That(handler.Ticks - before, Is.GreaterThanOrEqualTo(5), $"{round} rounds");
    }

    [Test]
    public void Post_RunsOnTheShardThreadPromptly()
    {
        var handler = new EchoHandler();
        // A long tick shows that the batched path is woken by Post itself, not by the next tick.
        TimeSpan tick = _portable ? TimeSpan.FromMilliseconds(10) : TimeSpan.FromSeconds(2);
        using UdpShard shard = StartShard(handler, options: Options(tick));
        Thread.Sleep(50); // let the loop go to sleep

        var latencies = new List<double>();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            using var done = new ManualResetEventSlim();
            int threadId = 0;
            bool onShard = false;
            string? name = null;
            var watch = Stopwatch.StartNew();
            shard.Post(s =>
            {
                threadId = Environment.CurrentManagedThreadId;
                onShard = s.IsOnShardThread;
                name = Thread.CurrentThread.Name;
                done.Set();
            });

            Assert.That(done.Wait(1000), Is.True);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Multiple(() =>
            {
                Assert.That(threadId, Is.Not.EqualTo(Environment.CurrentManagedThreadId));
                Assert.That(onShard, Is.True);
                Assert.That(name, Is.EqualTo("voip-shard-3"));
            });
            Thread.Sleep(20);
        }

        TestContext.Out.WriteLine($"Post latencies: {string.Join(", ", latencies.Select(l => $"{l:F2} ms"))}");
        // The best of three keeps scheduler noise on a shared machine out; on the batched path the 2 s
        // tick means anything this fast came from the eventfd wake-up.
        Assert.That(latencies.Min(), Is.LessThan(100));
        Assert.That(shard.CommandsExecuted, Is.EqualTo(3));
    }

    [Test]
    public void Post_CommandExceptionIsCounted()
    {
        using UdpShard shard = StartShard(new EchoHandler());
        using var done = new ManualResetEventSlim();
        shard.Post(_ => throw new InvalidOperationException("test: command failure"));
        shard.Post(_ => done.Set());

        Assert.That(done.Wait(1000), Is.True);
        Assert.That(shard.HandlerExceptions, Is.EqualTo(1));
    }

    [Test]
    public void Post_CommandCanSendThroughTheQueue()
    {
        using UdpShard shard = StartShard(new EchoHandler());
        using var client = new UdpTestClient(IPAddress.Loopback);
        UdpEndpoint peer = UdpEndpoint.FromIPEndPoint(client.LocalEndPoint);

        shard.Post(s => s.Send("hello"u8, peer));

        byte[]? received = client.Receive(out EndPoint from);
        Assert.That(received, Is.EqualTo("hello"u8.ToArray()));
        Assert.That(((IPEndPoint)from).Port, Is.EqualTo(shard.LocalEndPoint.Port));
    }

    [Test]
    public void Stop_JoinsPromptly()
    {
        // With a 1 s tick the batched loop sleeps in poll(2); only the eventfd wake-up makes Stop prompt.
        TimeSpan tick = _portable ? TimeSpan.FromMilliseconds(10) : TimeSpan.FromSeconds(1);
        var times = new List<double>();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var shard = StartShard(new EchoHandler(), options: Options(tick));
            Thread.Sleep(30);

            var watch = Stopwatch.StartNew();
            shard.Stop();
            times.Add(watch.Elapsed.TotalMilliseconds);

            Assert.That(shard.IsRunning, Is.False);
            shard.Dispose();
            shard.Dispose();
        }

        TestContext.Out.WriteLine($"Stop took: {string.Join(", ", times.Select(t => $"{t:F2} ms"))}");
        // Best of three, so a descheduled test thread on a shared machine does not count against the shard.
        Assert.That(times.Min(), Is.LessThan(100));
        Assert.That(times.Max(), Is.LessThan(_portable ? 1000 : 900), "never waits out a full 1 s tick");
    }

    [Test]
    public void Stop_FromAPostedCommand_EndsTheLoop()
    {
        var handler = new EchoHandler();
        var shard = StartShard(handler);
        shard.Post(s => s.Stop());
        Assert.That(WaitFor(() => !shard.IsRunning), Is.True);
        shard.Dispose();
    }

    [Test]
    public void Dispose_FromAPostedCommand_ReleasesThePortWhenTheLoopEnds()
    {
        var shard = StartShard(new EchoHandler());
        int port = shard.LocalEndPoint.Port;
        shard.Post(s => s.Dispose());

        Assert.That(WaitFor(() => !shard.IsRunning), Is.True);
        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Assert.That(
            WaitFor(() =>
            {
                try
                {
                    again.Bind(new IPEndPoint(IPAddress.Loopback, port));
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            }),
            Is.True,
            "the loop closes the socket as it exits");
        Assert.That(shard.SendFromAnyThread("x"u8, UdpEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 9))), Is.False);
    }

    [Test]
    public void Dispose_WithoutStart_ReleasesThePort()
    {
        var shard = new UdpShard(0, new IPEndPoint(IPAddress.Loopback, 0), new EchoHandler(), Options());
        int port = shard.LocalEndPoint.Port;
        shard.Dispose();

        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Assert.DoesNotThrow(() => again.Bind(new IPEndPoint(IPAddress.Loopback, port)));
    }

    [Test]
    public void SendFromAnyThread_Arrives()
    {
        using UdpShard shard = StartShard(new EchoHandler());
        using var client = new UdpTestClient(IPAddress.Loopback);
        UdpEndpoint peer = UdpEndpoint.FromIPEndPoint(client.LocalEndPoint);

        const int count = 50;
        int ok = 0;
        var senders = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            for (int i = 0; i < count / 2; i++)
            {
                if (shard.SendFromAnyThread(UdpTestClient.Payload((t * 1000) + i, 300), peer))
                {
                    Interlocked.Increment(ref ok);
                }
            }
        })).ToList();
        senders.ForEach(s => s.Start());
        senders.ForEach(s => s.Join());

        var sequences = new HashSet<int>();
        for (int i = 0; i < count; i++)
        {
            byte[]? datagram = client.Receive(out EndPoint from);
            Assert.That(datagram, Is.Not.Null);
            Assert.That(((IPEndPoint)from).Port, Is.EqualTo(shard.LocalEndPoint.Port));
            sequences.Add(BinaryPrimitives.ReadInt32BigEndian(datagram.AsSpan(4)));
        }

        Assert.That(ok, Is.EqualTo(count));
        Assert.That(sequences, Has.Count.EqualTo(count));
        Assert.That(shard.DatagramsSent, Is.EqualTo(count));
        Assert.That(shard.BytesSent, Is.EqualTo(count * 300L));
    }

    [Test]
    public void Send_ToIPv6PeerFromIPv4Socket_IsCountedNotThrown()
    {
        using UdpShard shard = StartShard(new EchoHandler());
        UdpEndpoint v6 = UdpEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.IPv6Loopback, 9));

        Assert.That(shard.SendFromAnyThread("x"u8, v6), Is.False);
        bool queued = true;
        using var done = new ManualResetEventSlim();
        shard.Post(s =>
        {
            queued = s.Send("x"u8, v6);
            done.Set();
        });
        Assert.That(done.Wait(1000), Is.True);

        Assert.That(queued, Is.False);
        Assert.That(shard.SendErrors, Is.EqualTo(2));
    }

    [Test]
    public void SteadyEcho_AllocatesNothingOnTheShardThread()
    {
        const int warmUp = 2000;
        const int measured = 8000;
        long atWarmUp = -1;
        long atEnd = -1;
        long previous = 0;
        long[] bumps = new long[16]; // (datagram number, bytes) pairs where the counter moved
        int bumpCount = 0;
        var handler = new EchoHandler
        {
            OnEach = n =>
            {
                if (n < warmUp)
                {
                    return;
                }

                long now = GC.GetAllocatedBytesForCurrentThread();
                if (n == warmUp)
                {
                    atWarmUp = now;
                }
                else if (now != previous && bumpCount < bumps.Length)
                {
                    bumps[bumpCount++] = n;
                    bumps[bumpCount++] = now - previous;
                }

                previous = now;
                if (n == warmUp + measured)
                {
                    atEnd = now;
                }
            },
        };
        using UdpShard shard = StartShard(handler);
        using var client = new UdpTestClient(IPAddress.Loopback);

        HashSet<int> back = client.EchoRoundTrip(shard.LocalEndPoint, warmUp + measured, window: 64, length: 160);

        Assert.That(back, Has.Count.EqualTo(warmUp + measured));
        Assert.That(WaitFor(() => atEnd >= 0), Is.True);
        Assert.That(atWarmUp, Is.GreaterThan(0), "the counter works on this runtime");
        string where = $"at datagram/bytes: {string.Join(", ", bumps.Take(bumpCount))}";
        if (_portable)
        {
            // Under the JIT, the runtime's own Socket calls (ReceiveFrom, Available) were seen to allocate
            // 56 B about once per 10^4 datagrams in some runs, and never with DOTNET_TieredCompilation=0:
            // a tier-up artefact. Allow two such events; a per-datagram allocation (>= 24 B x 8000) still fails.
            Assert.That(bumpCount / 2, Is.LessThanOrEqualTo(2), where);
            Assert.That(atEnd - atWarmUp, Is.LessThanOrEqualTo(128), where);
        }
        else
        {
            Assert.That(atEnd - atWarmUp, Is.Zero, $"bytes allocated on the shard thread over the measured echoes ({where})");
        }
        Assert.That(shard.Ticks, Is.GreaterThan(0), "ticks ran during the measurement window too");
    }
}
