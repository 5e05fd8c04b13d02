namespace Voip.ControlPlane.Events;

/// <summary>
/// One event on the internal bus: a <see cref="Type"/> such as <c>call.initiated</c> and its JSON
/// <see cref="Data"/>. Topics are strings such as <c>user:{userId}</c> (see <see cref="EventTopics"/>).
/// </summary>
public sealed record BusMessage(string Type, string Data);
