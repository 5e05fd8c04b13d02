namespace Voip.ControlPlane.Calls;

/// <summary>
/// A call as stored (seed §4.3.1 Call History Schema). Statuses: see <see cref="CallStatuses"/>. A group (room)
/// call also lists <see cref="Participants"/> (everyone finds it in their history); its caller is who started the
/// session and its callee the second to join (the caller again for a session nobody else joined). A 1:1 call through
/// the media engine gets its two participants (times and quality) when it ends.
/// </summary>
public sealed record CallRecord(
    string CallId,
    string CallerId,
    string CalleeId,
    string CallType,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    int Duration,
    string Status,
    IReadOnlyList<CallRecording> Recordings,
    CallQuality Quality,
    IReadOnlyList<CallParticipant>? Participants = null)
{
    /// <summary>Whether per-participant entries are stored (a group session, or an ended 1:1 call through the engine).</summary>
    public bool IsGroup => Participants is not null;

    /// <summary>Whether <paramref name="userId"/> took part (caller, callee or, for a group call, any participant).</summary>
    public bool Involves(string userId) =>
        CallerId == userId || CalleeId == userId || (Participants?.Any(p => p.UserId == userId) ?? false);

    /// <summary>Everyone to index the call under, each once.</summary>
    public IEnumerable<string> ParticipantIds() =>
        new[] { CallerId, CalleeId }.Concat(Participants?.Select(p => p.UserId) ?? []).Distinct(StringComparer.Ordinal);
}
