namespace Voip.Media.Routing;

/// <summary>One simulcast layer as the selector sees it (index = spatial layer, lowest first).</summary>
public readonly record struct SimulcastLayerState(bool Active, long BitrateBps);
