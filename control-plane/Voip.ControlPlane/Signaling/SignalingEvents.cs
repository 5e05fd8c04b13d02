namespace Voip.ControlPlane.Signaling;

/// <summary>Socket event names: the seed's (§4.1.3) and the few the lifecycle needs beyond them.</summary>
public static class SignalingEvents
{
    // Seed §4.1.3.
    public const string CallUser = "call-user";
    public const string IncomingCall = "incoming-call";
    public const string AcceptCall = "accept-call";
    public const string RejectCall = "reject-call";
    public const string EndCall = "end-call";
    public const string IceCandidate = "ice-candidate";
    public const string ToggleAudio = "toggle-audio";
    public const string ToggleVideo = "toggle-video";

    // Server → client, told to the other side (the seed says "the caller is told", "the other side is told").
    public const string CallAccepted = "call-accepted";
    public const string CallRejected = "call-rejected";
    public const string CallEnded = "call-ended";
    public const string CallAnsweredElsewhere = "call-answered-elsewhere";
    public const string CallResumed = "call-resumed";
    public const string PeerDisconnected = "peer-disconnected";
    public const string PeerReconnected = "peer-reconnected";
    public const string CallError = "call-error";

    // Presence.
    public const string PresenceSubscribe = "presence-subscribe";
    public const string Presence = "presence";
}
