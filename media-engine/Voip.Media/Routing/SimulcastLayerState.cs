namespace Voip.Media.Routing;

/// <summary>One simulcast encoding as the selector sees it: is it arriving, and at what bitrate (0 = not measured yet).</summary>
public readonly record struct SimulcastLayerState(bool Active, long BitrateBps);
