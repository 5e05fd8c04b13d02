using Voip.ControlPlane.Hosting;

namespace Voip.ControlPlane.Rooms;

/// <summary>Room limits and timers (ROOM_MAX_PARTICIPANTS, ROOM_STATS_INTERVAL, ROOM_EMPTY_TTL).</summary>
public sealed class RoomOptions
{
    public int MaxParticipants { get; init; } = 16;

    /// <summary>How often every participant's engine stats are sampled for the call's quality record.</summary>
    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a room with nobody in it stays joinable before it is forgotten.</summary>
    public TimeSpan EmptyTtl { get; init; } = TimeSpan.FromMinutes(10);

    public static RoomOptions Read(IConfiguration configuration)
    {
        var reader = new SettingsReader(configuration);
        var options = new RoomOptions
        {
            MaxParticipants = reader.Int("ROOM_MAX_PARTICIPANTS", 16, 2, 64),
            StatsInterval = reader.Duration("ROOM_STATS_INTERVAL", TimeSpan.FromSeconds(5)),
            EmptyTtl = reader.Duration("ROOM_EMPTY_TTL", TimeSpan.FromMinutes(10)),
        };
        if (options.StatsInterval <= TimeSpan.Zero || options.EmptyTtl <= TimeSpan.Zero)
        {
            reader.Fail("ROOM_STATS_INTERVAL and ROOM_EMPTY_TTL must be positive");
        }

        if (reader.Errors.Count > 0)
        {
            throw new Hosting.StartupValidationException(reader.Errors);
        }

        return options;
    }
}
