namespace Voip.Media.Routing;

/// <summary>The negotiated shape of a consumer, computed (and validated) before anything is created.</summary>
internal sealed record ConsumerPlan(
    RtpParameters Parameters,
    uint Ssrc,
    uint RtxSsrc,
    byte PayloadType,
    byte RtxPayloadType,
    IReadOnlyList<(byte From, byte To)> ExtensionIdMap,
    byte AbsSendTimeId);
