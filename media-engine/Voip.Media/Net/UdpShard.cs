using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Voip.Media.Net.Linux;

namespace Voip.Media.Net;

/// <summary>
/// One shard of the engine: a dedicated thread that owns one UDP socket (one port) and runs the packet
/// loop (ARCHITECTURE.md §2). Received datagrams go to an <see cref="IDatagramHandler"/>; replies are
/// queued in send slots and flushed as one batch after each receive batch. On Linux the loop uses
/// recvmmsg(2)/sendmmsg(2) and sleeps in poll(2) on the socket plus an eventfd (so <see cref="Stop"/> and
/// <see cref="Post"/> wake it at once); elsewhere it uses the blocking <see cref="Socket"/> API.
/// The packet path allocates nothing, takes no locks and throws nothing: every buffer is allocated
/// once, pinned, in the constructor.
/// </summary>
public sealed unsafe partial class UdpShard : IDisposable
{
    /// <summary>Largest datagram delivered to the handler; larger ones are dropped and counted.</summary>
    public const int MaxDatagramSize = 1500;

    /// <summary>Size of one receive or send slot; anything that fills a receive slot is oversize by definition.</summary>
    public const int SlotSize = 2048;

    // Room for a sockaddr_in6 (28 bytes), rounded up for alignment.
    private const int AddressSlotSize = 32;

    private readonly IDatagramHandler _handler;

    // Null only on an in-memory shard (see UdpShard.InMemory.cs), which never reaches the socket paths:
    // Start refuses to run it and every send goes to _sink instead.
    private readonly Socket? _socket;
    private readonly IDatagramSink? _sink;
    private readonly bool _isIPv6Socket;
    private readonly bool _batchedIo;
    private readonly int _receiveBatch;
    private readonly int _sendBatch;
    private readonly int _tickMs;

    // All datagram memory: ReceiveBatch receive slots followed by SendBatch send slots, pinned for life.
    private readonly byte[] _slots;
    private readonly byte* _slotBase;

    private Thread? _thread;
    private int _threadId;
    private volatile bool _stopRequested;
    private volatile bool _disposeDeferred;
    private int _state; // 0 created, 1 running, 2 stopped, 3 disposed

    public UdpShard(int index, IPEndPoint bind, IDatagramHandler handler, UdpShardOptions? options = null)
        : this(index, handler, options ??= new UdpShardOptions(), sink: null)
    {
        ArgumentNullException.ThrowIfNull(bind);
        _batchedIo = OperatingSystem.IsLinux() && !options.ForcePortableIo;

        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _isIPv6Socket = bind.AddressFamily == AddressFamily.InterNetworkV6;
            if (_isIPv6Socket && bind.Address.Equals(IPAddress.IPv6Any))
            {
                // One socket for both families; IPv4 peers appear as ::ffff:a.b.c.d and UdpEndpoint unmaps them.
                _socket.DualMode = true;
            }

            SetBufferSizes(options.SocketReceiveBufferBytes, options.SocketSendBufferBytes);

            _socket.Bind(bind);
            LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;

            if (_batchedIo)
            {
                InitializeBatchedIo();
            }
            else
            {
                InitializePortableIo();
            }
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    /// <summary>What both kinds of shard (socket, in-memory) hold: the handler, the options and the pinned slots.</summary>
    private UdpShard(int index, IDatagramHandler handler, UdpShardOptions options, IDatagramSink? sink)
    {
        ArgumentNullException.ThrowIfNull(handler);
        options.Validate();

        Index = index;
        _handler = handler;
        _sink = sink;
        _receiveBatch = options.ReceiveBatch;
        _sendBatch = options.SendBatch;
        _tickMs = Math.Max(1, (int)options.TickInterval.TotalMilliseconds);
        LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0);

        _slots = GC.AllocateArray<byte>((_receiveBatch + _sendBatch) * SlotSize, pinned: true);
        _slotBase = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_slots));
        _sendLengths = new int[_sendBatch];
        _sendTo = new UdpEndpoint[_sendBatch];
        _sendReceivedAt = new long[_sendBatch];
    }

    public int Index { get; }

    /// <summary>SO_RCVBUF as the kernel reports it (Linux reports twice the size it accepted: half is bookkeeping allowance).</summary>
    public int ReceiveBufferBytes => _socket?.ReceiveBufferSize ?? 0;

    /// <summary>SO_SNDBUF as the kernel reports it.</summary>
    public int SendBufferBytes => _socket?.SendBufferSize ?? 0;

    /// <summary>The bound address, with the actual port when bound to port 0.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>True when the loop uses recvmmsg/sendmmsg (Linux); false on the portable Socket path.</summary>
    public bool IsBatchedIo => _batchedIo;

    public bool IsRunning => Volatile.Read(ref _state) == 1;

    /// <summary>True when called on this shard's thread (the only thread allowed to use the send queue).</summary>
    public bool IsOnShardThread => _threadId != 0 && Environment.CurrentManagedThreadId == _threadId;

    /// <summary>The last exception a handler or command threw (for diagnostics; see <see cref="HandlerExceptions"/>).</summary>
    public Exception? LastHandlerException { get; private set; }

    public void Start()
    {
        if (_sink is not null)
        {
            throw new InvalidOperationException("An in-memory shard has no loop: its caller delivers datagrams and runs its turns.");
        }

        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("A shard can be started once.");
        }

        _thread = new Thread(Run)
        {
            Name = $"voip-shard-{Index}",
            IsBackground = true,
        };
        _thread.Start();
    }

    /// <summary>
    /// Stops the loop and waits for the thread to finish. The loop is woken at once on Linux (eventfd)
    /// and within one tick on the portable path. Called on the shard thread itself (e.g. from a posted
    /// command) it only requests the stop.
    /// </summary>
    public void Stop()
    {
        _stopRequested = true;
        Wake();
        Thread? thread = _thread;
        if (thread is not null && thread.ManagedThreadId != Environment.CurrentManagedThreadId)
        {
            thread.Join();
        }

        Interlocked.CompareExchange(ref _state, 2, 1);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _state, 3) == 3)
        {
            return;
        }

        _stopRequested = true;
        Wake();
        Thread? thread = _thread;
        if (thread is not null && thread.ManagedThreadId == Environment.CurrentManagedThreadId)
        {
            // Disposing from inside the loop: the loop releases the socket as it exits.
            _disposeDeferred = true;
            return;
        }

        thread?.Join();
        ReleaseResources();
    }

    private void SetBufferSizes(int receiveBytes, int sendBytes)
    {
        Socket socket = _socket!;
        if (receiveBytes > 0)
        {
            socket.ReceiveBufferSize = receiveBytes;
        }

        if (sendBytes > 0)
        {
            socket.SendBufferSize = sendBytes;
        }

        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // The plain options are silently capped at net.core.rmem_max / wmem_max (208 KiB by default),
        // far too little for a burst of video on a busy shard. With CAP_NET_ADMIN the FORCE variants
        // lift the cap (socket(7)); without it they fail and the capped size stays.
        // Linux stores (and reports) twice the value it accepted, so half the report is what we got.
        int fd = (int)socket.SafeHandle.DangerousGetHandle();
        if (receiveBytes > 0 && socket.ReceiveBufferSize / 2 < receiveBytes)
        {
            LibC.SetSockOpt(fd, LibC.SolSocket, LibC.SoRcvBufForce, &receiveBytes, sizeof(int));
        }

        if (sendBytes > 0 && socket.SendBufferSize / 2 < sendBytes)
        {
            LibC.SetSockOpt(fd, LibC.SolSocket, LibC.SoSndBufForce, &sendBytes, sizeof(int));
        }
    }

    private void ReleaseResources()
    {
        _socket?.Dispose();
        if (_batchedIo)
        {
            ReleaseBatchedIo();
        }
    }

    private void Run()
    {
        _threadId = Environment.CurrentManagedThreadId;
        Socket socket = _socket!;
        bool addedRef = false;
        try
        {
            // Keep the descriptor alive for the whole loop, whatever another thread does to the socket.
            socket.SafeHandle.DangerousAddRef(ref addedRef);
            if (_batchedIo)
            {
                RunBatched();
            }
            else
            {
                RunPortable();
            }
        }
        finally
        {
            if (addedRef)
            {
                socket.SafeHandle.DangerousRelease();
            }

            if (_disposeDeferred)
            {
                ReleaseResources();
            }
        }
    }

    private void Wake()
    {
        if (_batchedIo)
        {
            WakeBatched();
        }
    }

    private Span<byte> ReceiveSlot(int i) => new(_slotBase + (i * SlotSize), SlotSize);

    private Span<byte> SendSlot(int i) => new(_slotBase + ((_receiveBatch + i) * SlotSize), SlotSize);
}
