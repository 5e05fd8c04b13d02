using System.Text.Json.Serialization;

namespace Voip.ControlPlane.Signaling;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SignalEnvelope))]
[JsonSerializable(typeof(PresenceChange))]
[JsonSerializable(typeof(string))]
internal sealed partial class SignalingJsonContext : JsonSerializerContext;
