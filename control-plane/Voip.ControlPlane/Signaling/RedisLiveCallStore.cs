using System.Globalization;
using StackExchange.Redis;
using Voip.ControlPlane.Storage.Redis;

namespace Voip.ControlPlane.Signaling;

/// <summary>
/// Live calls in Redis: a hash per call (<c>call:{id}</c>) and a string per busy user (<c>busy:{userId}</c>).
/// Transitions are MULTI/EXEC transactions guarded by WATCH-style conditions, so replicas race safely.
/// Keys expire after <see cref="SafetyTimeToLive"/> in case every replica holding a call dies.
/// </summary>
public sealed class RedisLiveCallStore(RedisConnection redis) : ILiveCallStore
{
    public static readonly TimeSpan SafetyTimeToLive = TimeSpan.FromHours(12);

    /// <summary>Ended calls linger briefly so late events are answered "already ended", not "unknown".</summary>
    private static readonly TimeSpan EndedTimeToLive = TimeSpan.FromSeconds(60);

    private const string CallerField = "caller";
    private const string CallerNameField = "callerName";
    private const string CalleeField = "callee";
    private const string TypeField = "type";
    private const string CallerConnField = "callerConn";
    private const string CalleeConnField = "calleeConn";
    private const string DecisionField = "decision";
    private const string AcceptedField = "acceptedAt";
    private const string EndedField = "ended";
    private const string CallerGoneField = "callerGone";
    private const string CalleeGoneField = "calleeGone";
    private const string ViaField = "via";

    public async Task<ReserveResult> TryReserveAsync(LiveCall call, CancellationToken cancellationToken)
    {
        var db = redis.Database;
        var callKey = CallKey(call.CallId);
        var callerKey = BusyKey(call.CallerId);
        var calleeKey = BusyKey(call.CalleeId);
        var tran = db.CreateTransaction();
        tran.AddCondition(Condition.KeyNotExists(callKey));
        tran.AddCondition(Condition.KeyNotExists(callerKey));
        tran.AddCondition(Condition.KeyNotExists(calleeKey));
        var entries = new List<HashEntry>
        {
            new(CallerField, call.CallerId),
            new(CallerNameField, call.CallerName),
            new(CalleeField, call.CalleeId),
            new(TypeField, call.CallType),
        };
        if (call.CallerConnection is not null)
        {
            entries.Add(new(CallerConnField, call.CallerConnection));
        }

        if (call.Via is not null)
        {
            entries.Add(new(ViaField, call.Via));
        }

        _ = tran.HashSetAsync(callKey, [.. entries]);
        _ = tran.KeyExpireAsync(callKey, SafetyTimeToLive);
        _ = tran.StringSetAsync(callerKey, call.CallId, SafetyTimeToLive);
        _ = tran.StringSetAsync(calleeKey, call.CallId, SafetyTimeToLive);
        if (await tran.ExecuteAsync())
        {
            return ReserveResult.Reserved;
        }

        if (await db.KeyExistsAsync(callKey))
        {
            return ReserveResult.AlreadyExists;
        }

        return await db.KeyExistsAsync(callerKey) ? ReserveResult.CallerBusy : ReserveResult.CalleeBusy;
    }

    public async Task<LiveCall?> GetAsync(string callId, CancellationToken cancellationToken)
    {
        var fields = await redis.Database.HashGetAllAsync(CallKey(callId));
        if (fields.Length == 0)
        {
            return null;
        }

        string? Get(string name)
        {
            foreach (var f in fields)
            {
                if (f.Name == name)
                {
                    return f.Value;
                }
            }

            return null;
        }

        if (Get(CallerField) is not { } caller || Get(CalleeField) is not { } callee)
        {
            return null;
        }

        DateTimeOffset? accepted = Get(AcceptedField) is { } ms
            ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ms, CultureInfo.InvariantCulture))
            : null;
        return new LiveCall(
            callId, caller, Get(CallerNameField) ?? "", callee, Get(TypeField) ?? "audio",
            Get(CallerConnField), Get(CalleeConnField), Get(DecisionField), accepted, Get(EndedField) is not null,
            Get(CallerGoneField), Get(CalleeGoneField), Get(ViaField));
    }

    public async Task<string?> FindByUserAsync(string userId, CancellationToken cancellationToken) =>
        await redis.Database.StringGetAsync(BusyKey(userId));

    public async Task<bool> TryDecideAsync(string callId, string decision, CancellationToken cancellationToken)
    {
        var key = CallKey(callId);
        var tran = redis.Database.CreateTransaction();
        tran.AddCondition(Condition.KeyExists(key));
        tran.AddCondition(Condition.HashNotExists(key, DecisionField));
        tran.AddCondition(Condition.HashNotExists(key, EndedField));
        _ = tran.HashSetAsync(key, DecisionField, decision);
        return await tran.ExecuteAsync();
    }

    public async Task SetAcceptedAsync(string callId, string calleeConnection, DateTimeOffset acceptedAt, CancellationToken cancellationToken) =>
        await redis.Database.HashSetAsync(CallKey(callId), [new(CalleeConnField, calleeConnection), new(AcceptedField, acceptedAt.ToUnixTimeMilliseconds())]);

    public async Task BindAsync(string callId, CallRole role, string connectionId, CancellationToken cancellationToken)
    {
        var key = CallKey(callId);
        var tran = redis.Database.CreateTransaction();
        tran.AddCondition(Condition.KeyExists(key));
        _ = tran.HashSetAsync(key, role == CallRole.Caller ? CallerConnField : CalleeConnField, connectionId);
        _ = tran.HashDeleteAsync(key, role == CallRole.Caller ? CallerGoneField : CalleeGoneField);
        await tran.ExecuteAsync();
    }

    public async Task<bool> MarkGoneAsync(string callId, CallRole role, string connectionId, CancellationToken cancellationToken)
    {
        var key = CallKey(callId);
        var tran = redis.Database.CreateTransaction();
        tran.AddCondition(Condition.HashEqual(key, role == CallRole.Caller ? CallerConnField : CalleeConnField, connectionId));
        _ = tran.HashSetAsync(key, role == CallRole.Caller ? CallerGoneField : CalleeGoneField, connectionId);
        return await tran.ExecuteAsync();
    }

    public async Task<bool> TryEndAsync(string callId, CancellationToken cancellationToken)
    {
        var db = redis.Database;
        var key = CallKey(callId);
        var tran = db.CreateTransaction();
        tran.AddCondition(Condition.KeyExists(key));
        tran.AddCondition(Condition.HashNotExists(key, EndedField));
        _ = tran.HashSetAsync(key, EndedField, 1);
        _ = tran.KeyExpireAsync(key, EndedTimeToLive);
        var callerTask = tran.HashGetAsync(key, CallerField);
        var calleeTask = tran.HashGetAsync(key, CalleeField);
        if (!await tran.ExecuteAsync())
        {
            return false;
        }

        foreach (var user in new[] { (string?)await callerTask, (string?)await calleeTask })
        {
            if (user is null)
            {
                continue;
            }

            // Free the user only if the busy mark is still this call's (a new call may already hold it).
            var release = db.CreateTransaction();
            release.AddCondition(Condition.StringEqual(BusyKey(user), callId));
            _ = release.KeyDeleteAsync(BusyKey(user));
            await release.ExecuteAsync();
        }

        return true;
    }

    private RedisKey CallKey(string callId) => redis.Key("call:" + callId);

    private RedisKey BusyKey(string userId) => redis.Key("busy:" + userId);
}
