using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Voip.ControlPlane.Auth;
using Voip.ControlPlane.Common;
using Voip.ControlPlane.Events;
using Voip.ControlPlane.Media;
using Voip.ControlPlane.Presence;
using Voip.ControlPlane.Users;

namespace Voip.ControlPlane.Calls;

/// <summary>Starting calls (record + bus event, seed §5.1) and reading call history.</summary>
public sealed class CallService(
    ICallStore calls,
    IUserStore users,
    IEventBus bus,
    IPresenceTracker presence,
    TimeProvider time,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> jsonOptions,
    CallHistoryCache historyCache,
    MediaEngineRegistry engines,
    ILogger<CallService> logger,
    ICallHistoryJsonSource? historySource = null)
{
    // What TypedResults.Ok would serialize with: the fast path writes with the same encoder.
    private readonly JsonWriterOptions historyWriterOptions = new()
    {
        Encoder = jsonOptions.Value.SerializerOptions.Encoder,
        Indented = jsonOptions.Value.SerializerOptions.WriteIndented,
    };

    // What TypedResults.Ok(CallHistoryResponse) serializes with, for stores without the fast path.
    private readonly JsonTypeInfo<CallHistoryResponse> historyTypeInfo =
        (JsonTypeInfo<CallHistoryResponse>)jsonOptions.Value.SerializerOptions.GetTypeInfo(typeof(CallHistoryResponse));

    public const int MaxPage = 10_000;
    public const int MaxLimit = 100;

    /// <summary>How history and call details show a participant whose account no longer exists.</summary>
    public const string DeletedUserName = "Deleted user";

    /// <summary>Pages of <paramref name="limit"/> needed for <paramref name="total"/> calls.</summary>
    public static long PageCount(long total, int limit) => (total + limit - 1) / limit;

    /// <summary>
    /// The GET /api/calls/history body: from <see cref="CallHistoryCache"/> while still current, else written
    /// straight from the store when it offers <see cref="ICallHistoryJsonSource"/>, otherwise the serialized
    /// <see cref="CallHistoryResponse"/> (the same bytes either way).
    /// </summary>
    public ValueTask<byte[]> GetHistoryJsonAsync(string userId, int page, int limit, string? callType, CancellationToken cancellationToken)
    {
        var key = new CallHistoryPageKey(userId, page, limit, callType);
        return historyCache.TryGet(key, out var cached) ? new(cached) : ReadHistoryJsonAsync(key, cancellationToken);
    }

    private async ValueTask<byte[]> ReadHistoryJsonAsync(CallHistoryPageKey key, CancellationToken cancellationToken)
    {
        var (userId, page, limit, callType) = key;

        // Before the read: a write racing with it leaves the page stored under a stamp that is already stale.
        var stamp = historyCache.Stamp(userId);
        var body = historySource is not null
            ? await historySource.ReadHistoryJsonAsync(historyWriterOptions, userId, callType, page, limit, cancellationToken)
            : JsonSerializer.SerializeToUtf8Bytes(await GetHistoryAsync(userId, page, limit, callType, cancellationToken), historyTypeInfo);
        historyCache.Store(key, stamp, body);
        return body;
    }

    /// <summary>GET /api/calls/history as an <see cref="IResult"/> (see <see cref="GetHistoryJsonAsync"/>).</summary>
    public ValueTask<IResult> GetHistoryResultAsync(string userId, int page, int limit, string? callType, CancellationToken cancellationToken)
    {
        var body = GetHistoryJsonAsync(userId, page, limit, callType, cancellationToken);
        return body.IsCompletedSuccessfully ? new(new CallHistoryJsonResult(body.Result)) : AwaitResultAsync(body);

        static async ValueTask<IResult> AwaitResultAsync(ValueTask<byte[]> body) => new CallHistoryJsonResult(await body);
    }

    public async Task<InitiateCallResponse> InitiateAsync(AuthenticatedUser caller, InitiateCallRequest request, CancellationToken cancellationToken)
    {
        var targetId = Validate.UserId(request.TargetUserId, "targetUserId");
        var callType = request.CallType ?? CallTypes.Audio;
        if (!CallTypes.IsValid(callType))
        {
            throw ApiException.BadRequest("callType must be 'audio' or 'video'");
        }

        if (targetId == caller.UserId)
        {
            throw ApiException.BadRequest("targetUserId must be another user");
        }

        var via = request.Via ?? CallVia.PeerToPeer;
        if (!CallVia.IsValid(via))
        {
            throw ApiException.BadRequest("via must be 'p2p' or 'sfu'");
        }

        // The room itself is made on accept; refusing now spares the callee a ring that cannot be answered.
        if (via == CallVia.Sfu && !engines.Engines.Any(e => e.Healthy))
        {
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.MediaUnavailable, "No media engine is available");
        }

        var callee = await users.GetByIdAsync(targetId, cancellationToken) ?? throw ApiException.NotFound("Target user not found");
        var callerRecord = await users.GetByIdAsync(caller.UserId, cancellationToken) ?? throw ApiException.Unauthorized("Caller account no longer exists");
        if (presence.IsAuthoritative && !await presence.IsOnlineAsync(callee.Id, cancellationToken))
        {
            throw new ApiException(StatusCodes.Status404NotFound, ErrorCodes.UserOffline, "User is offline");
        }

        var now = time.GetUtcNow();
        var call = new CallRecord(Guid.NewGuid().ToString(), caller.UserId, callee.Id, callType, now, null, 0, CallStatuses.Initiated, [], CallQuality.Unknown);
        await calls.CreateAsync(call, cancellationToken);
        var evt = new CallInitiatedEvent(call.CallId, callerRecord.Id, callerRecord.Name, callerRecord.Avatar, callee.Id, callType, now, via == CallVia.Sfu ? via : null);
        var message = new BusMessage(EventTypes.CallInitiated, JsonSerializer.Serialize(evt, VoipJsonContext.Default.CallInitiatedEvent));
        try
        {
            await bus.PublishAsync(EventTopics.User(callee.Id), message, cancellationToken);
            await bus.PublishAsync(EventTopics.Calls, message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            CallsLog.PublishFailed(logger, ex, call.CallId);
            await calls.UpdateStatusAsync(call.CallId, CallStatuses.Failed, now, 0, CancellationToken.None);
            throw new ApiException(StatusCodes.Status500InternalServerError, ErrorCodes.CallFailed, "Call could not be started");
        }

        CallsLog.Initiated(logger, call.CallId, call.CallerId, call.CalleeId, callType);
        return new InitiateCallResponse(true, call.CallId, "Call initiated successfully");
    }

    public async Task<CallHistoryResponse> GetHistoryAsync(string userId, int page, int limit, string? callType, CancellationToken cancellationToken)
    {
        var result = await calls.GetHistoryAsync(userId, callType, (page - 1) * limit, limit, cancellationToken);
        var items = new CallHistoryItem[result.Calls.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var c = result.Calls[i];
            items[i] = new CallHistoryItem(c.CallId, c.Caller, c.Callee, c.CallType, c.StartTime, c.Duration, c.Status);
        }

        var pages = PageCount(result.Total, limit);
        return new CallHistoryResponse(items, new Pagination(page, limit, result.Total, pages));
    }

    public async Task<CallDetailResponse> GetAsync(AuthenticatedUser user, string callId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(callId, "D", out _))
        {
            throw ApiException.BadRequest("callId must be a UUID");
        }

        var call = await calls.GetAsync(callId.ToLowerInvariant(), cancellationToken) ?? throw ApiException.NotFound("Call not found");
        if (!call.Involves(user.UserId) && !user.IsAdmin)
        {
            throw ApiException.Forbidden("You did not take part in this call");
        }

        var caller = await SummaryAsync(call.CallerId, cancellationToken);
        var callee = await SummaryAsync(call.CalleeId, cancellationToken);
        List<CallParticipantDetail>? participants = null;
        if (call.Participants is { } list)
        {
            participants = new List<CallParticipantDetail>(list.Count);
            foreach (var p in list)
            {
                participants.Add(new CallParticipantDetail(await SummaryAsync(p.UserId, cancellationToken), p.JoinedAt, p.LeftAt, p.Quality));
            }
        }

        return new CallDetailResponse(call.CallId, caller, callee, call.CallType, call.StartTime, call.EndTime, call.Duration, call.Status, call.Recordings, call.Quality, participants);
    }

    private async Task<UserSummary> SummaryAsync(string id, CancellationToken cancellationToken)
    {
        var user = await users.GetByIdAsync(id, cancellationToken);
        return user is null ? new UserSummary(id, DeletedUserName, null) : new UserSummary(user.Id, user.Name, user.Avatar);
    }
}
