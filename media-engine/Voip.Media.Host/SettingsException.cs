namespace Voip.Media.Host;

/// <summary>A setting the operator gave is wrong; the message says which and how to fix it.</summary>
public sealed class SettingsException(string message) : Exception(message);
