namespace Voip.ControlPlane.Signaling;

/// <summary>
/// A socket event for one user, carried on the bus topic <c>user:{id}</c> with type <c>signal</c> so whichever
/// replica holds that user's sockets delivers it. <see cref="Connection"/> narrows it to one socket,
/// <see cref="Except"/> skips one; <see cref="Origin"/> lets the sending replica skip its own copy.
/// </summary>
public sealed record SignalEnvelope(string Event, string Payload, string? Connection, string? Except, string Origin);
