namespace Voip.ControlPlane.Media;

/// <summary>
/// Engines that announced themselves (with Redis: <c>voip-media --register-redis</c>), as opposed to the fixed
/// MEDIA_ENGINES list. An entry lives as long as its engine keeps heartbeating.
/// </summary>
public interface IMediaEngineDirectory
{
    /// <summary>The gRPC URLs of the engines registered now.</summary>
    Task<IReadOnlyList<Uri>> ListAsync(CancellationToken cancellationToken);
}
