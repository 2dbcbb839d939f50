import GRDB
import TernCore

extension SQLiteStore {
    public func materials(workspaceId: Int64, after: String?, limit: Int) async throws -> [Material] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM materials WHERE workspace_id = ? AND id > ? ORDER BY id LIMIT ?",
                arguments: [workspaceId, after ?? "", limit]
            ).map(Self.material(from:))
        }
    }

    public func material(workspaceId: Int64, id: String) async throws -> Material? {
        try await pool.read { db in try Self.fetchMaterial(db, workspaceId: workspaceId, id: id) }
    }

    public func putMaterial(workspaceId: Int64, id: String, name: String, contentTags: [String], now: Int64) async throws
        -> (material: Material, created: Bool)
    {
        try await pool.write { db in
            let existing = try Self.fetchMaterial(db, workspaceId: workspaceId, id: id)
            let material = Material(
                id: id, name: name, contentTags: contentTags, createdAt: existing?.createdAt ?? now, updatedAt: now)
            try db.execute(
                sql: """
                    INSERT INTO materials (workspace_id, id, name, content_tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (workspace_id, id) DO UPDATE SET name = excluded.name, content_tags = excluded.content_tags,
                        updated_at = excluded.updated_at
                    """,
                arguments: [workspaceId, id, name, StoredTags.text(contentTags), material.createdAt, now])
            return (material, existing == nil)
        }
    }

    public func deleteMaterial(workspaceId: Int64, id: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM materials WHERE workspace_id = ? AND id = ?", arguments: [workspaceId, id])
            return db.changesCount > 0
        }
    }

    // MARK: Inside a transaction

    /// The content tags of a material, as the recording transaction sees them; nil if there is no such material.
    static func materialTags(_ db: Database, workspaceId: Int64, id: String) throws -> [String]? {
        let statement = try db.cachedStatement(sql: "SELECT content_tags FROM materials WHERE workspace_id = ? AND id = ?")
        return try String.fetchOne(statement, arguments: [workspaceId, id]).map { StoredTags.tags($0) }
    }

    private static func fetchMaterial(_ db: Database, workspaceId: Int64, id: String) throws -> Material? {
        try Row.fetchOne(db, sql: "SELECT * FROM materials WHERE workspace_id = ? AND id = ?", arguments: [workspaceId, id])
            .map(material(from:))
    }

    private static func material(from row: Row) -> Material {
        Material(
            id: row["id"], name: row["name"], contentTags: StoredTags.tags(row["content_tags"]), createdAt: row["created_at"],
            updatedAt: row["updated_at"])
    }
}
