namespace Voip.ControlPlane.Media;

/// <summary>
/// Engines that register themselves (<see cref="IMediaEngineDirectory"/>, Redis) join the registry as they appear.
/// One whose registration lapses takes no new rooms; it is dropped once it is also unreachable, so a Redis hiccup
/// on the engine's side never ends the calls it is carrying.
/// </summary>
public sealed partial class MediaEngineRegistry
{
    private async Task DiscoverAsync(IMediaEngineDirectory engineDirectory, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Reconcile(await engineDirectory.ListAsync(stoppingToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                MediaLog.DiscoveryFailed(logger, ex.Message);
            }

            try
            {
                await Task.Delay(options.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Brings the registry in line with the engines registered now.</summary>
    internal void Reconcile(IReadOnlyList<Uri> registered)
    {
        lock (gate)
        {
            if (!running || stopping.IsCancellationRequested)
            {
                return;
            }

            var now = new HashSet<string>(StringComparer.Ordinal);
            foreach (var url in registered)
            {
                var id = IdOf(url);
                now.Add(id);
                var known = engines.FirstOrDefault(e => e.Id == id);
                if (known is null)
                {
                    var engine = new MediaEngineNode(id, url, clients.Create(url)) { Discovered = true, Registered = true };
                    engines = engines.Add(engine);
                    MediaLog.Discovered(logger, id);
                    Start(engine);
                }
                else
                {
                    known.Registered = true;
                }
            }

            foreach (var engine in engines)
            {
                if (!engine.Discovered || now.Contains(engine.Id))
                {
                    continue;
                }

                engine.Registered = false;
                if (!engine.Healthy)
                {
                    engines = engines.Remove(engine);
                    engine.Removal?.Cancel();
                    MediaLog.Deregistered(logger, engine.Id);
                }
            }
        }
    }
}
