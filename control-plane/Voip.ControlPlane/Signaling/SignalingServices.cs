using Voip.ControlPlane.Auth;
using Voip.ControlPlane.Presence;
using Voip.ControlPlane.Rooms;

namespace Voip.ControlPlane.Signaling;

/// <summary>What every connection needs, resolved once (connections are not created through DI).</summary>
internal sealed class SignalingServices(
    SignalingOptions options,
    SignalingCounters counters,
    SignalingHub hub,
    CallCoordinator calls,
    RoomService rooms,
    IPresenceTracker presence,
    TokenService tokens,
    ITokenRevocationStore revocations,
    TimeProvider time,
    ILogger<SignalingConnection> logger)
{
    public SignalingOptions Options => options;

    public SignalingCounters Counters => counters;

    public SignalingHub Hub => hub;

    public CallCoordinator Calls => calls;

    public RoomService Rooms => rooms;

    public IPresenceTracker Presence => presence;

    public TokenService Tokens => tokens;

    public ITokenRevocationStore Revocations => revocations;

    public TimeProvider Time => time;

    public ILogger Logger => logger;
}
