namespace Voip.ControlPlane.Rooms;

/// <summary>One track a member receives: the engine consumer, its m-section mid, and whose producer it carries.</summary>
internal sealed record RoomConsumer(string ConsumerId, string ProducerId, string PublisherUserId, string Kind, string Mid);
