import GRDB

extension SQLiteMigrations {
    /// Counts the changes to a workspace's stored events other than new ones (deleted or merged
    /// contacts), so the in-memory ``EventProjection`` knows when to read the workspace again.
    static func registerProjectionGeneration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("workspaces count rewrites of their events") { db in
            try db.execute(sql: "ALTER TABLE workspaces ADD COLUMN events_generation INTEGER NOT NULL DEFAULT 0")
        }
    }
}
