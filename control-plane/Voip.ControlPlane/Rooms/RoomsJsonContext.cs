using System.Text.Json.Serialization;
using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.Rooms;

/// <summary>Source-generated JSON of the rooms API, with the same options as <see cref="VoipJsonContext"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcDateTimeOffsetConverter)])]
[JsonSerializable(typeof(CreateRoomRequest))]
[JsonSerializable(typeof(CreateRoomResponse))]
[JsonSerializable(typeof(RoomResponse))]
[JsonSerializable(typeof(RoomListResponse))]
public sealed partial class RoomsJsonContext : JsonSerializerContext;
