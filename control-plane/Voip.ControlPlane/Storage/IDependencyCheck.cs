namespace Voip.ControlPlane.Storage;

/// <summary>A dependency /readyz checks (the store, Redis, later the media engine).</summary>
public interface IDependencyCheck
{
    string Name { get; }

    Task<bool> IsReadyAsync(CancellationToken cancellationToken);
}
