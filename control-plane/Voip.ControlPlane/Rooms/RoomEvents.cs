namespace Voip.ControlPlane.Rooms;

/// <summary>
/// Socket events of group rooms (beyond the seed, in its style). Client → server events are acked with
/// <c>{success:true, …}</c> or <c>{success:false, code, message, roomId?}</c>; errors are also emitted as
/// <see cref="RoomError"/>. <c>toggle-audio</c> / <c>toggle-video</c> with the id of a room the sender is in
/// belong to the room (they pause/resume that user's producer).
/// </summary>
public static class RoomEvents
{
    // Client → server.
    public const string Create = "room-create";
    public const string Join = "room-join";
    public const string Publish = "room-publish";
    public const string SubscriberAnswer = "room-subscriber-answer";
    public const string Leave = "room-leave";
    public const string SetLayer = "room-set-layer";

    // Server → client.
    public const string SubscriberOffer = "room-subscriber-offer";
    public const string ParticipantJoined = "room-participant-joined";
    public const string ParticipantLeft = "room-participant-left";
    public const string MediaState = "room-media-state";
    public const string ActiveSpeaker = "room-active-speaker";
    public const string Ended = "room-ended";
    public const string Error = "room-error";
}
