using Voip.Media.Net;

namespace Voip.Media.Ice;

public sealed partial class IceLiteResponder
{
    private readonly long _consentTimeoutMs;
    private UdpEndpoint _selected;
    private long _lastValidCheckMs = -1;

    /// <summary>True once a USE-CANDIDATE check has selected a pair.</summary>
    public bool HasSelected => !_selected.IsNone;

    /// <summary>The remote address of the selected pair: where media goes (default when none).</summary>
    public UdpEndpoint SelectedRemote => _selected;

    /// <summary>
    /// Time of the last successful check that counts for consent: from the selected remote once a pair is
    /// selected, from any remote before that. −1 when there has been none.
    /// </summary>
    public long LastValidCheckMs => _lastValidCheckMs;

    /// <summary>
    /// RFC 7675 §5.1: true when no valid check arrived on the selected pair for <see cref="ConsentTimeout"/>
    /// (counted from creation while nothing is selected). The transport must then stop sending and close.
    /// </summary>
    public bool IsConsentExpired(long nowMs)
    {
        long since = _lastValidCheckMs >= 0 ? _lastValidCheckMs : CreatedAtMs;
        return nowMs - since >= _consentTimeoutMs;
    }

    /// <summary>
    /// Nomination (RFC 8445 §8.2): a lite agent takes the pair a USE-CANDIDATE check arrived on as selected.
    /// A later nominated check from another address moves the selection (NAT rebinding, or the controlling
    /// agent renominating); the newest nomination wins rather than the highest priority, because the
    /// controlling peer only nominates a pair it has just validated.
    /// </summary>
    private IceCheckOutcome OnValidCheck(in UdpEndpoint from, bool useCandidate, long nowMs)
    {
        IceCheckOutcome outcome = IceCheckOutcome.Answered;
        if (useCandidate && _selected != from)
        {
            _selected = from;
            outcome = IceCheckOutcome.AnsweredNominated;
        }

        // Consent is per pair (RFC 7675 §5.1): once selected, checks on other pairs do not refresh it.
        if (_selected.IsNone || _selected == from)
        {
            _lastValidCheckMs = nowMs;
        }

        return outcome;
    }
}
