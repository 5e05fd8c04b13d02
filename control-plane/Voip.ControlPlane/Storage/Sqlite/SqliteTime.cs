namespace Voip.ControlPlane.Storage.Sqlite;

/// <summary>Times are stored as Unix milliseconds (INTEGER) so they sort and compare in SQL.</summary>
internal static class SqliteTime
{
    public static long ToDb(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static object ToDb(DateTimeOffset? value) => value is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;

    public static DateTimeOffset FromDb(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);
}
