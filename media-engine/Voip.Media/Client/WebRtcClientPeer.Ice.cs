using System.Security.Cryptography;
using System.Text;
using Voip.Media.Stun;

namespace Voip.Media.Client;

// ICE: the controlling side's connectivity checks and consent freshness.
public sealed partial class WebRtcClientPeer
{
    private Timer? _consentTimer;
    private int _stunResponses;

    /// <summary>STUN messages received (binding success responses from the engine).</summary>
    public int StunResponses => Volatile.Read(ref _stunResponses);

    /// <summary>The ICE USERNAME this peer sends: "remote-ufrag:local-ufrag" (RFC 8445 §7.2.2).</summary>
    public string IceUsername => $"{_remote?.UsernameFragment}:{LocalIce.Ufrag}";

    /// <summary>
    /// An ICE connectivity check as a controlling full agent sends it (RFC 8445 §7.1.1): USERNAME,
    /// PRIORITY, ICE-CONTROLLING, optionally USE-CANDIDATE (regular nomination, §8.1.1), then
    /// MESSAGE-INTEGRITY with the remote password and FINGERPRINT.
    /// </summary>
    public void SendBindingRequest(bool nominate)
    {
        var key = _remoteKey ?? throw new InvalidOperationException("Start the peer first.");
        Span<byte> buffer = stackalloc byte[256];
        Span<byte> transactionId = stackalloc byte[12];
        RandomNumberGenerator.Fill(transactionId);
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, transactionId);
        writer.TryAddUsername(Encoding.ASCII.GetBytes(IceUsername));
        writer.TryAddPriority(0x6E7F1EFF);
        writer.TryAddIceControlling((ulong)Random.Shared.NextInt64());
        if (nominate)
        {
            writer.TryAddUseCandidate();
        }

        writer.TryAddMessageIntegrity(key);
        writer.TryAddFingerprint();
        SendRaw(writer.Written);
    }

    /// <summary>Stops consent checks (a test uses it to make the engine see consent expire, RFC 7675 §5.1).</summary>
    public void StopConsent()
    {
        var timer = Interlocked.Exchange(ref _consentTimer, null);
        timer?.Dispose();
    }

    private void StartConsent()
    {
        var interval = _options.ConsentInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        // RFC 7675 §5.1: checks at a randomised interval around 5 s keep consent; a plain period is enough
        // for one peer pair on loopback.
        _consentTimer = new Timer(static state => ((WebRtcClientPeer)state!).SendConsentCheck(), this, interval, interval);
    }

    private void SendConsentCheck()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            SendBindingRequest(nominate: false);
        }
    }
}
