namespace Voip.Media.Routing;

/// <summary>What a producer worked out once about a packet, handed to each consumer.</summary>
internal readonly ref struct ForwardContext
{
    public long NowMs { get; init; }

    public bool KeyFrame { get; init; }

    public int ExtensionBodyOffset { get; init; }

    public int ExtensionBodyLength { get; init; }

    public bool TwoByteExtensions { get; init; }

    /// <summary>Where the abs-send-time value sits in the packet (0 = absent).</summary>
    public int AbsSendTimeOffset { get; init; }

    /// <summary>Our send time in abs-send-time units (6.18 fixed-point seconds).</summary>
    public uint AbsSendTime { get; init; }
}
