using System.Text.Json.Serialization;
using Voip.ControlPlane.Auth;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Users;

namespace Voip.ControlPlane.Common;

/// <summary>
/// Source-generated JSON for every request and response: camelCase names exactly as the seed, unknown
/// request properties refused (a typo or an injected field is an error, not silently dropped).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcDateTimeOffsetConverter)])]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(SuccessResponse))]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(AuthResponse))]
[JsonSerializable(typeof(UserProfileResponse))]
[JsonSerializable(typeof(UpdateProfileRequest))]
[JsonSerializable(typeof(UserSummary))]
[JsonSerializable(typeof(UserPublicResponse))]
[JsonSerializable(typeof(UserSearchResponse))]
[JsonSerializable(typeof(InitiateCallRequest))]
[JsonSerializable(typeof(InitiateCallResponse))]
[JsonSerializable(typeof(CallHistoryResponse))]
[JsonSerializable(typeof(CallDetailResponse))]
[JsonSerializable(typeof(CallInitiatedEvent))]
[JsonSerializable(typeof(CallRecording))]
[JsonSerializable(typeof(CallRecording[]))]
[JsonSerializable(typeof(List<CallRecording>))]
[JsonSerializable(typeof(CallQuality))]
[JsonSerializable(typeof(List<CallParticipant>))]
[JsonSerializable(typeof(BusEnvelope))]
[JsonSerializable(typeof(HealthResponse))]
public sealed partial class VoipJsonContext : JsonSerializerContext;
