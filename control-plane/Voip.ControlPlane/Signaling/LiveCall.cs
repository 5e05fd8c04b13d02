namespace Voip.ControlPlane.Signaling;

/// <summary>
/// A call while it rings or runs, shared by every replica (Redis hash or in-process). Connection ids say which
/// socket speaks for each side: the caller's socket that sent call-user, the callee's socket that accepted.
/// A side whose socket dropped keeps its id in <see cref="CallerGone"/>/<see cref="CalleeGone"/> until it
/// reconnects or the grace period ends the call. <see cref="Via"/> is <c>sfu</c> for a call whose media goes through
/// the engine (a room tied to the call), null for peer to peer.
/// </summary>
public sealed record LiveCall(
    string CallId,
    string CallerId,
    string CallerName,
    string CalleeId,
    string CallType,
    string? CallerConnection,
    string? CalleeConnection,
    string? Decision,
    DateTimeOffset? AcceptedAt,
    bool Ended,
    string? CallerGone,
    string? CalleeGone,
    string? Via = null)
{
    public bool IsParticipant(string userId) => userId == CallerId || userId == CalleeId;

    public CallRole RoleOf(string userId) => userId == CallerId ? CallRole.Caller : CallRole.Callee;

    public string PeerOf(string userId) => userId == CallerId ? CalleeId : CallerId;

    public string? ConnectionOf(CallRole role) => role == CallRole.Caller ? CallerConnection : CalleeConnection;

    public string? GoneOf(CallRole role) => role == CallRole.Caller ? CallerGone : CalleeGone;

    public bool IsAccepted => Decision == CallDecision.Accepted;

    public bool ViaSfu => Via == Calls.CallVia.Sfu;
}
