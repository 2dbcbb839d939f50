import Foundation
import GRDB

extension SQLiteMigrations {
    /// Event groups become rows with ids; a definition refers to its group by id, so renaming a
    /// group is one update and deleting it ungroups its definitions. The free-text `group_name` of
    /// existing definitions becomes groups (names differing only in case become one group).
    static func registerEventGroups(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("event groups: groups table, definitions refer to a group by id") { db in
            try db.execute(sql: """
                CREATE TABLE event_groups (
                    id INTEGER PRIMARY KEY,
                    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE UNIQUE INDEX event_groups_name ON event_groups(workspace_id, name_key);
                ALTER TABLE event_definitions ADD COLUMN group_id INTEGER;
                """)
            let named = try Row.fetchAll(db, sql: """
                SELECT workspace_id, group_name, MIN(created_at) AS created_at FROM event_definitions
                WHERE group_name IS NOT NULL GROUP BY workspace_id, group_name ORDER BY workspace_id, created_at, group_name
                """)
            var groups: [String: Int64] = [:]
            for row in named {
                let workspaceId: Int64 = row["workspace_id"], raw: String = row["group_name"], createdAt: Int64 = row["created_at"]
                let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !name.isEmpty else { continue }
                let key = "\(workspaceId) \(name.lowercased())"
                if groups[key] == nil {
                    try db.execute(
                        sql: "INSERT INTO event_groups (workspace_id, name, name_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                        arguments: [workspaceId, name, name.lowercased(), createdAt, createdAt])
                    groups[key] = db.lastInsertedRowID
                }
                try db.execute(
                    sql: "UPDATE event_definitions SET group_id = ? WHERE workspace_id = ? AND group_name = ?",
                    arguments: [groups[key], workspaceId, raw])
            }
            try db.execute(sql: "ALTER TABLE event_definitions DROP COLUMN group_name")
        }
    }
}
