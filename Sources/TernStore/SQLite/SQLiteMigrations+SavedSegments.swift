import GRDB

extension SQLiteMigrations {
    /// Saved segments: a named filter per row, kept as the JSON the client wrote. AUTOINCREMENT so a
    /// deleted segment's id never comes back naming another one.
    static func registerSavedSegments(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("saved segments") { db in
            try db.execute(sql: """
                CREATE TABLE saved_segments (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    description TEXT,
                    filter TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE UNIQUE INDEX saved_segments_name ON saved_segments(workspace_id, name_key);
                CREATE INDEX saved_segments_by_workspace ON saved_segments(workspace_id, id);
                """)
        }
    }
}
