namespace Voip.Media.Host.Registration;

/// <summary>An error reply from Redis, or a reply the registration could not read.</summary>
public sealed class RespException(string message) : Exception(message);
