namespace Voip.ControlPlane.Signaling;

/// <summary>Outcome of reading one text frame; anything but <see cref="Ok"/> is counted, never thrown.</summary>
public enum FrameParseStatus
{
    Ok,
    Empty,
    UnknownEngineType,
    UnknownSocketType,
    BadNamespace,
    BadAckId,
    BadJson,
    Unsupported,
}
