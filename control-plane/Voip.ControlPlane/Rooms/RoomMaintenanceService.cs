namespace Voip.ControlPlane.Rooms;

/// <summary>Runs <see cref="RoomService.MaintainAsync"/> every ROOM_STATS_INTERVAL.</summary>
public sealed class RoomMaintenanceService(RoomService rooms, TimeProvider time, ILogger<RoomMaintenanceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(rooms.Options.StatsInterval, time);
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
