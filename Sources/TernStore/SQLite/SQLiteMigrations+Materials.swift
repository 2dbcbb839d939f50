import GRDB

extension SQLiteMigrations {
    /// Materials (what events happen on, with content tags) and the material an event names.
    static func registerMaterials(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("materials") { db in
            try db.execute(sql: """
                CREATE TABLE materials (
                    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
                    id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    content_tags TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, id)
                ) WITHOUT ROWID;
                ALTER TABLE events ADD COLUMN material_id TEXT;
                """)
        }
    }
}
