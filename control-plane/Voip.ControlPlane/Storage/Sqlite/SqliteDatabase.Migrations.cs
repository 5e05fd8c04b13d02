namespace Voip.ControlPlane.Storage.Sqlite;

public sealed partial class SqliteDatabase
{
    /// <summary>
    /// Schema steps, applied in order once each; never edit a shipped step, append a new one. Times are Unix
    /// milliseconds. call_participants (one row per participant) and call_counts make a user's history a
    /// single index range scan and its total a lookup, whatever the number of calls.
    /// </summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY NOT NULL,
            email TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            avatar TEXT,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX ix_users_name ON users(name COLLATE NOCASE);
        CREATE TABLE refresh_tokens (
            token_id TEXT PRIMARY KEY NOT NULL,
            family_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            issued_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            used_at INTEGER,
            revoked_at INTEGER
        );
        CREATE INDEX ix_refresh_tokens_family ON refresh_tokens(family_id);
        CREATE TABLE calls (
            call_id TEXT PRIMARY KEY NOT NULL,
            caller_id TEXT NOT NULL,
            callee_id TEXT NOT NULL,
            call_type TEXT NOT NULL,
            start_time INTEGER NOT NULL,
            end_time INTEGER,
            duration INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL,
            recordings TEXT NOT NULL DEFAULT '[]',
            quality TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE call_participants (
            user_id TEXT NOT NULL,
            start_time INTEGER NOT NULL,
            call_id TEXT NOT NULL,
            call_type TEXT NOT NULL,
            PRIMARY KEY (user_id, start_time, call_id)
        ) WITHOUT ROWID;
        CREATE INDEX ix_call_participants_type ON call_participants(user_id, call_type, start_time, call_id);
        CREATE TABLE call_counts (
            user_id TEXT NOT NULL,
            call_type TEXT NOT NULL,
            total INTEGER NOT NULL,
            PRIMARY KEY (user_id, call_type)
        ) WITHOUT ROWID
        """,
        // Group (room) calls: everyone who took part, with their times and quality, as JSON; NULL for 1:1 calls.
        "ALTER TABLE calls ADD COLUMN participants TEXT",
    ];
}
