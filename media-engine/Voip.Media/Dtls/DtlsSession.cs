using System.Diagnostics;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Voip.Media.Srtp;

namespace Voip.Media.Dtls;

/// <summary>
/// One DTLS-SRTP association with one remote peer (RFC 5764 over RFC 6347 DTLS 1.2), on BouncyCastle.
/// <para>
/// Threading: the shard thread calls <see cref="Enqueue"/> for each inbound DTLS datagram (it only copies into a
/// bounded queue and never blocks). BouncyCastle's handshake is blocking, so <see cref="Start"/> runs it on a
/// dedicated thread. After the handshake that thread ends; the rare later datagrams (close_notify, a peer's
/// retransmitted final flight) are processed on the thread pool, so a connected session costs no thread.
/// Listener callbacks come from those threads. No exception ever leaves the session: failures become
/// <see cref="IDtlsListener.OnDtlsFailed"/>.
/// </para>
/// </summary>
public sealed partial class DtlsSession : IDisposable
{
    private readonly DtlsCertificate _local;
    private readonly DtlsFingerprint _expectedRemote;
    private readonly IDtlsListener _listener;
    private readonly DtlsDatagramQueue _queue;
    private readonly DtlsDatagramTransport _transport;
    private readonly BcTlsCrypto _crypto;

    // Serialises every use of BouncyCastle's DtlsTransport after the handshake (drain vs. Close).
    private readonly Lock _tlsLock = new();

    private int _state = (int)DtlsState.New;
    private long _datagramsIn;
    private long _datagramsDropped;
    private volatile bool _closeRequested;
    private long _handshakeDeadline;
    private DtlsTransport? _dtls;
    private SrtpKeyingMaterial? _keys;
    private string? _failureDetail;

    public DtlsSession(DtlsRole role, DtlsCertificate local, DtlsFingerprint expectedRemote, DtlsOptions options,
        IDtlsSender sender, IDtlsListener listener)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(expectedRemote);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(listener);
        if (role is not (DtlsRole.Server or DtlsRole.Client))
            throw new ArgumentOutOfRangeException(nameof(role));
        options.Validate();

        Role = role;
        Options = options;
        _local = local;
        _expectedRemote = expectedRemote;
        _listener = listener;
        _queue = new DtlsDatagramQueue(options.MaxQueuedDatagrams);
        _transport = new DtlsDatagramTransport(_queue, sender, options.Mtu, options.MaxDatagramSize);
        _crypto = new BcTlsCrypto(new SecureRandom());
    }

    public DtlsRole Role { get; }

    public DtlsOptions Options { get; }

    /// <summary>The fingerprint the peer's certificate must match (from the remote SDP).</summary>
    public DtlsFingerprint ExpectedRemoteFingerprint => _expectedRemote;

    public DtlsState State => (DtlsState)Volatile.Read(ref _state);

    /// <summary>The SRTP keys once <see cref="DtlsState.Connected"/> (also passed to the listener).</summary>
    public SrtpKeyingMaterial? Keys => Volatile.Read(ref _keys);

    /// <summary>Why the session failed, for diagnostics; null unless <see cref="DtlsState.Failed"/>.</summary>
    public string? FailureDetail => Volatile.Read(ref _failureDetail);

    /// <summary>Datagrams accepted by <see cref="Enqueue"/>.</summary>
    public long DatagramsIn => Interlocked.Read(ref _datagramsIn);

    /// <summary>Datagrams handed to <see cref="IDtlsSender"/>.</summary>
    public long DatagramsOut => _transport.DatagramsOut;

    /// <summary>Datagrams refused: queue full, empty, too large, or the session already over.</summary>
    public long DatagramsDropped => Interlocked.Read(ref _datagramsDropped);

    /// <summary>Inbound records discarded as implausible before reaching the TLS engine (see <see cref="DtlsRecordFilter"/>).</summary>
    public long RecordsFiltered => _transport.RecordsFiltered;

    /// <summary>Starts the handshake on its own thread and returns at once. Call once.</summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, (int)DtlsState.Handshaking, (int)DtlsState.New) != (int)DtlsState.New)
            throw new InvalidOperationException($"DtlsSession.Start called in state {State}.");

        _handshakeDeadline = Stopwatch.GetTimestamp() + (long)(Options.HandshakeTimeout.TotalSeconds * Stopwatch.Frequency);
        var thread = new Thread(static s => ((DtlsSession)s!).RunHandshake())
        {
            IsBackground = true,
            Name = Role == DtlsRole.Server ? "dtls-server" : "dtls-client",
        };
        thread.Start(this);
    }

    /// <summary>
    /// Hands one inbound DTLS datagram (RFC 7983: first byte 20..63) to the session. Copies it; never blocks,
    /// never throws. False (and counted as dropped) when the queue is full, the datagram is empty or larger than
    /// <see cref="DtlsOptions.MaxDatagramSize"/>, or the session is over.
    /// </summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram)
    {
        int state = Volatile.Read(ref _state);
        if (datagram.IsEmpty || datagram.Length > Options.MaxDatagramSize
            || state is (int)DtlsState.Failed or (int)DtlsState.Closed
            || !_queue.TryEnqueue(datagram))
        {
            Interlocked.Increment(ref _datagramsDropped);
            return false;
        }
        Interlocked.Increment(ref _datagramsIn);
        if (state == (int)DtlsState.Connected)
            ScheduleDrain();
        return true;
    }

    /// <summary>
    /// Ends the session. Once connected, sends close_notify (RFC 5246 §7.2.1) and calls no listener method.
    /// During the handshake, aborts it; the listener then gets <see cref="DtlsFailure.Closed"/>.
    /// </summary>
    public void Close()
    {
        _closeRequested = true;
        lock (_tlsLock)
        {
            if (TryTransition(DtlsState.New, DtlsState.Closed))
            {
                // Never started: nothing to tell anyone.
            }
            else if (TryTransition(DtlsState.Connected, DtlsState.Closed))
            {
                try
                {
                    _dtls?.Close();
                }
                catch (Exception)
                {
                    // Best effort: close_notify is a courtesy; the transport is going away regardless.
                }
            }
        }
        // Wakes a handshake blocked in Receive; it unwinds and reports DtlsFailure.Closed.
        _queue.Complete();
        if (State is DtlsState.Closed or DtlsState.Failed)
            _queue.Clear();
    }

    public void Dispose() => Close();

    internal int InitialRetransmitMillis => (int)Math.Max(10, Options.InitialRetransmitTimeout.TotalMilliseconds);

    /// <summary>Milliseconds left of the handshake budget (at least 1: BouncyCastle reads 0 as "no limit").</summary>
    internal int RemainingHandshakeMillis()
    {
        long ticks = _handshakeDeadline - Stopwatch.GetTimestamp();
        if (ticks <= 0)
            return 1;
        return (int)Math.Clamp(ticks * 1000 / Stopwatch.Frequency, 1, int.MaxValue);
    }

    private bool TryTransition(DtlsState from, DtlsState to) =>
        Interlocked.CompareExchange(ref _state, (int)to, (int)from) == (int)from;

    internal static string FormatProfiles(int[] ids)
    {
        if (ids.Length == 0)
            return "(none)";
        return string.Join(", ", ids.Select(id => Enum.IsDefined((SrtpProfile)id)
            ? ((SrtpProfile)id).ToString()
            : "0x" + id.ToString("X4", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
