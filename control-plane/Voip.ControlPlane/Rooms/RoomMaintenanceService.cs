namespace Voip.ControlPlane.Rooms;

/// <summary>Runs <see cref="RoomService.MaintainAsync"/> every ROOM_STATS_INTERVAL.</summary>
/// <remarks>Real time (not the app's injectable clock): stats are sampled as media flows.</remarks>
public sealed class RoomMaintenanceService(RoomService rooms, ILogger<RoomMaintenanceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(rooms.Options.StatsInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await rooms.MaintainAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    RoomsLog.MaintenanceFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
