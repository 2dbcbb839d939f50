import Logging
import PostgresNIO
import TernCore

extension PostgresStore {
    public func materials(workspaceId: Int64, after: String?, limit: Int) async throws -> [Material] {
        try await read { connection in
            try await connection.all("""
                SELECT \(unescaped: Self.materialColumns) FROM materials WHERE workspace_id = \(workspaceId) AND id > \(after ?? "")
                ORDER BY id LIMIT \(limit)
                """, logger
            ).map(Self.material(from:))
        }
    }

    public func material(workspaceId: Int64, id: String) async throws -> Material? {
        if PostgresText.holdsNUL(id) { return nil }  // no material has one
        return try await read { connection in try await Self.fetchMaterial(connection, workspaceId: workspaceId, id: id, logger) }
    }

    public func putMaterial(workspaceId: Int64, id: String, name: String, contentTags: [String], now: Int64) async throws
        -> (material: Material, created: Bool)
    {
        try PostgresText.check(id, field: "id")
        try PostgresText.check(name, field: "name")
        // The tags become contact_tags rows (text) when events name the material.
        for (index, tag) in contentTags.enumerated() { try PostgresText.check(tag, field: "contentTags[\(index)]") }
        return try await transaction { connection in
            // `xmax = 0` on the returned row: it was inserted, not updated.
            let row = try await connection.all("""
                INSERT INTO materials (workspace_id, id, name, content_tags, created_at, updated_at)
                VALUES (\(workspaceId), \(id), \(name), \(StoredTags.text(contentTags)), \(now), \(now))
                ON CONFLICT (workspace_id, id) DO UPDATE SET name = EXCLUDED.name, content_tags = EXCLUDED.content_tags,
                    updated_at = EXCLUDED.updated_at
                RETURNING created_at, (xmax = 0)
                """, logger)[0]
            let (createdAt, created) = try row.decode((Int64, Bool).self)
            return (Material(id: id, name: name, contentTags: contentTags, createdAt: createdAt, updatedAt: now), created)
        }
    }

    public func deleteMaterial(workspaceId: Int64, id: String) async throws -> Bool {
        if PostgresText.holdsNUL(id) { return false }
        return try await transaction { connection in
            try await !connection.all(
                "DELETE FROM materials WHERE workspace_id = \(workspaceId) AND id = \(id) RETURNING 1", logger).isEmpty
        }
    }

    // MARK: Inside a transaction

    static let materialColumns = "id, name, content_tags, created_at, updated_at"

    /// The content tags of each named material that exists, as the recording transaction sees them.
    static func materialTags(
        _ connection: PostgresConnection, workspaceId: Int64, ids: [String], _ logger: Logger
    ) async throws -> [String: [String]] {
        guard !ids.isEmpty else { return [:] }
        var tags: [String: [String]] = [:]
        for row in try await connection.all(
            "SELECT id, content_tags FROM materials WHERE workspace_id = \(workspaceId) AND id = ANY(\(ids))", logger)
        {
            let (id, text) = try row.decode((String, String).self)
            tags[id] = StoredTags.tags(text)
        }
        return tags
    }

    private static func fetchMaterial(
        _ connection: PostgresConnection, workspaceId: Int64, id: String, _ logger: Logger
    ) async throws -> Material? {
        try await connection.all(
            "SELECT \(unescaped: materialColumns) FROM materials WHERE workspace_id = \(workspaceId) AND id = \(id)", logger
        ).first.map(material(from:))
    }

    private static func material(from row: PostgresRow) throws -> Material {
        let (id, name, tags, createdAt, updatedAt) = try row.decode((String, String, String, Int64, Int64).self)
        return Material(id: id, name: name, contentTags: StoredTags.tags(tags), createdAt: createdAt, updatedAt: updatedAt)
    }
}
