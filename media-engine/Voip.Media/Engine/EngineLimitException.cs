namespace Voip.Media.Engine;

/// <summary>The engine is full; the control plane should place the work on another engine.</summary>
public sealed class EngineLimitException(string message) : Exception(message);
