namespace Voip.ControlPlane.Storage;

/// <summary>Runs every <see cref="IStoreInitializer"/> at start-up; hosted services start before Kestrel listens.</summary>
internal sealed class StoreInitializerService(IEnumerable<IStoreInitializer> initializers) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var initializer in initializers)
        {
            await initializer.InitializeAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
