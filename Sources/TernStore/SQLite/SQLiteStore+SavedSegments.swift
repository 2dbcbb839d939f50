import GRDB
import TernCore

extension SQLiteStore {
    public func savedSegments(workspaceId: Int64, before: Int64?, limit: Int) async throws -> [SavedSegment] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM saved_segments WHERE workspace_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                arguments: [workspaceId, before ?? Int64.max, limit]
            ).map(Self.savedSegment(from:))
        }
    }

    public func savedSegment(workspaceId: Int64, id: Int64) async throws -> SavedSegment? {
        try await pool.read { db in try Self.fetchSavedSegment(db, workspaceId: workspaceId, id: id) }
    }

    public func createSavedSegment(_ segment: SavedSegment, workspaceId: Int64) async throws -> SavedSegment {
        try await pool.write { db in
            try Self.checkSegmentNameIsFree(db, segment.name, workspaceId: workspaceId, except: nil)
            try db.execute(
                sql: """
                    INSERT INTO saved_segments (workspace_id, name, name_key, description, filter, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    workspaceId, segment.name, segment.name.lowercased(), segment.description, JSONWriter.string(segment.filter),
                    segment.createdAt, segment.updatedAt,
                ])
            var created = segment
            created.id = db.lastInsertedRowID
            return created
        }
    }

    public func updateSavedSegment(
        workspaceId: Int64, id: Int64, _ change: @Sendable (SavedSegment) throws -> SavedSegment
    ) async throws -> SavedSegment? {
        try await pool.write { db in
            guard let current = try Self.fetchSavedSegment(db, workspaceId: workspaceId, id: id) else { return nil }
            var segment = try change(current)
            segment.id = current.id
            try Self.checkSegmentNameIsFree(db, segment.name, workspaceId: workspaceId, except: segment.id)
            try db.execute(
                sql: """
                    UPDATE saved_segments SET name = ?, name_key = ?, description = ?, filter = ?, updated_at = ?
                    WHERE workspace_id = ? AND id = ?
                    """,
                arguments: [
                    segment.name, segment.name.lowercased(), segment.description, JSONWriter.string(segment.filter),
                    segment.updatedAt, workspaceId, segment.id,
                ])
            return try Self.fetchSavedSegment(db, workspaceId: workspaceId, id: segment.id)
        }
    }

    public func deleteSavedSegment(workspaceId: Int64, id: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM saved_segments WHERE workspace_id = ? AND id = ?", arguments: [workspaceId, id])
            return db.changesCount > 0
        }
    }

    private static func fetchSavedSegment(_ db: Database, workspaceId: Int64, id: Int64) throws -> SavedSegment? {
        try Row.fetchOne(db, sql: "SELECT * FROM saved_segments WHERE workspace_id = ? AND id = ?", arguments: [workspaceId, id])
            .map(savedSegment(from:))
    }

    private static func checkSegmentNameIsFree(_ db: Database, _ name: String, workspaceId: Int64, except id: Int64?) throws {
        if let other = try Int64.fetchOne(
            db, sql: "SELECT id FROM saved_segments WHERE workspace_id = ? AND name_key = ? AND id != ?",
            arguments: [workspaceId, name.lowercased(), id ?? 0])
        {
            throw StoreError.conflict(field: "name", message: "the name \"\(name)\" is already used by \(SavedSegmentID.format(other))")
        }
    }

    private static func savedSegment(from row: Row) -> SavedSegment {
        let filterText: String = row["filter"]
        return SavedSegment(
            // The text was written by JSONWriter; were it damaged, null makes membership a 409 asking for a new filter.
            id: row["id"], name: row["name"], description: row["description"], filter: (try? JSONParser.parse(filterText)) ?? .null,
            createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
