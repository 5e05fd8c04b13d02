namespace Voip.ControlPlane.Storage;

/// <summary>Prepares a store before the server accepts requests (SQLite migrations, MongoDB indexes).</summary>
public interface IStoreInitializer
{
    Task InitializeAsync(CancellationToken cancellationToken);
}
