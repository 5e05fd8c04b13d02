namespace Voip.ControlPlane.Calls;

/// <summary>
/// Published on <c>user:{calleeId}</c> (and <c>calls</c>) when a call is initiated; signaling turns it into the
/// seed's <c>incoming-call</c> socket event (§4.1.3). <see cref="Via"/> is <see cref="CallVia.Sfu"/> for a call
/// through the media engine (null: peer to peer).
/// </summary>
public sealed record CallInitiatedEvent(
    string CallId,
    string CallerId,
    string CallerName,
    string? CallerAvatar,
    string CalleeId,
    string CallType,
    DateTimeOffset StartTime,
    string? Via = null);
