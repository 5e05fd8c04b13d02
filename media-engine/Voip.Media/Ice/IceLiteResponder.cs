using System.Text;
using Voip.Media.Net;
using Voip.Media.Stun;

namespace Voip.Media.Ice;

/// <summary>
/// The ICE-lite side of one transport (RFC 8445 §2.5): answers authenticated connectivity checks, follows
/// the controlling peer's nomination, and tracks consent freshness (RFC 7675). A lite agent sends no checks
/// of its own, so the whole agent is this responder.
/// </summary>
/// <remarks>
/// Not thread-safe by design: the shard thread that owns the transport is the only caller, so the packet
/// path takes no locks. <c>nowMs</c> is any monotonic millisecond clock; the default creation time comes from
/// <see cref="Environment.TickCount64"/>, so pass that clock (or give <c>createdAtMs</c> explicitly).
/// <para>
/// Anything that does not authenticate is dropped silently rather than answered with 400/401: a spoofed
/// datagram must never earn a reply, let alone a larger one (no reflection or amplification).
/// </para>
/// <para>
/// Role conflicts (RFC 8445 §7.3.1.1): a lite agent is always controlled (RFC 8445 §6.1.1) and cannot become
/// controlling because it keeps no check lists. A check with ICE-CONTROLLING agrees with that. A check with
/// ICE-CONTROLLED means both sides think they are controlled; we answer 487 (Role Conflict) and keep our
/// role, as if our tie-breaker always lost, so the full peer switches to controlling (RFC 8445 §7.2.5.1)
/// and retries. Checks with neither attribute (RFC 5245-era peers) are answered normally.
/// </para>
/// </remarks>
public sealed partial class IceLiteResponder : IDisposable
{
    /// <summary>A response buffer of this size always suffices (the largest answer is a 420 listing 8 types).</summary>
    public const int MaxResponseLength = 128;

    /// <summary>RFC 7675 §5.1: consent expires after 30 s without a successful check.</summary>
    public static readonly TimeSpan DefaultConsentTimeout = TimeSpan.FromSeconds(30);

    private const int MaxUnknownAttributesListed = 8;

    private readonly byte[] _localUfrag;
    private readonly StunIntegrityKey _key;
    private byte[]? _remoteUfrag;

    public IceLiteResponder(string localUfrag, string localPassword)
        : this(localUfrag, localPassword, DefaultConsentTimeout)
    {
    }

    /// <param name="localUfrag">Our ufrag: the part of USERNAME before ':'.</param>
    /// <param name="localPassword">Our password: the MESSAGE-INTEGRITY key of checks and of our answers.</param>
    /// <param name="consentTimeout">How long without a valid check before consent expires (30 s in RFC 7675).</param>
    /// <param name="createdAtMs">Creation time on the caller's clock; defaults to <see cref="Environment.TickCount64"/>.</param>
    public IceLiteResponder(string localUfrag, string localPassword, TimeSpan consentTimeout, long? createdAtMs = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(localUfrag);
        ArgumentException.ThrowIfNullOrEmpty(localPassword);
        if (localUfrag.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("An ICE ufrag cannot contain ':'.", nameof(localUfrag));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(consentTimeout, TimeSpan.Zero);

        LocalUfrag = localUfrag;
        _localUfrag = Encoding.UTF8.GetBytes(localUfrag);
        _key = StunIntegrityKey.FromPassword(localPassword);
        ConsentTimeout = consentTimeout;
        _consentTimeoutMs = (long)consentTimeout.TotalMilliseconds;
        CreatedAtMs = createdAtMs ?? Environment.TickCount64;
    }

    public string LocalUfrag { get; }

    public TimeSpan ConsentTimeout { get; }

    public long CreatedAtMs { get; }

    /// <summary>Remote ufrag once signaling delivered it; then USERNAME must be exactly <c>local:remote</c>.</summary>
    public string? RemoteUfrag { get; private set; }

    /// <summary>
    /// Kept for completeness: a lite agent never signs with it, because checks it receives and the answers
    /// it sends both use the local password (RFC 8445 §7.2.2).
    /// </summary>
    public string? RemotePassword { get; private set; }

    /// <summary>Control path: remote credentials from the peer's SDP (a=ice-ufrag / a=ice-pwd).</summary>
    public void SetRemoteCredentials(string ufrag, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(ufrag);
        RemoteUfrag = ufrag;
        RemotePassword = password;
        _remoteUfrag = Encoding.UTF8.GetBytes(ufrag);
    }

    public void Dispose() => _key.Dispose();
}
