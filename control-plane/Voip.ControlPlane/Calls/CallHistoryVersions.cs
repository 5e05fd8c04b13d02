namespace Voip.ControlPlane.Calls;

/// <summary>
/// Change counters that tell <see cref="CallHistoryCache"/> whether a cached history page may still be served.
/// Each user id maps to one of a fixed set of counters (a stripe, so the table never grows); a write to a call
/// bumps its participants' stripes, and any change to a user (name, avatar, a new account) bumps one counter
/// every page depends on, because a page embeds the other participants' summaries and we do not know whose
/// pages show a given user. Two users sharing a stripe only cost each other a cache miss.
/// </summary>
/// <remarks>
/// Writers bump <em>after</em> their commit and readers take the stamp <em>before</em> they query, so a page
/// read concurrently with a write is stored under the old stamp and is never served once the write returned.
/// Process-local: only exact while this process is the only writer (see <see cref="CallHistoryCache"/>).
/// </remarks>
public sealed class CallHistoryVersions
{
    private const int StripeCount = 4096;
    private readonly long[] stripes = new long[StripeCount];
    private long users;

    /// <summary>What a page of <paramref name="userId"/>'s history read now depends on.</summary>
    public CallHistoryStamp Current(string userId) =>
        new(Volatile.Read(ref stripes[Stripe(userId)]), Volatile.Read(ref users));

    /// <summary>A call of <paramref name="userId"/> was created or changed (call after the commit).</summary>
    public void CallChanged(string userId) => Interlocked.Increment(ref stripes[Stripe(userId)]);

    /// <summary>A user's summary (name, avatar) or existence changed (call after the commit).</summary>
    public void UserChanged() => Interlocked.Increment(ref users);

    private static int Stripe(string userId) => string.GetHashCode(userId, StringComparison.Ordinal) & (StripeCount - 1);
}
