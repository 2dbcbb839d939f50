import Logging
import PostgresNIO
import TernCore

extension PostgresStore {
    public func savedSegments(workspaceId: Int64, before: Int64?, limit: Int) async throws -> [SavedSegment] {
        try await read { connection in
            try await connection.all("""
                SELECT id, name, description, filter, created_at, updated_at FROM saved_segments
                WHERE workspace_id = \(workspaceId) AND id < \(before ?? Int64.max) ORDER BY id DESC LIMIT \(limit)
                """, logger
            ).map(Self.savedSegment(from:))
        }
    }

    public func savedSegment(workspaceId: Int64, id: Int64) async throws -> SavedSegment? {
        try await read { connection in try await Self.fetchSavedSegment(connection, workspaceId: workspaceId, id: id, logger) }
    }

    public func createSavedSegment(_ segment: SavedSegment, workspaceId: Int64) async throws -> SavedSegment {
        try PostgresText.check(segment.name, field: "name")
        try PostgresText.check(segment.description, field: "description")
        return try await transaction { connection in
            try await Self.checkSegmentNameIsFree(connection, segment.name, workspaceId: workspaceId, except: nil, logger)
            var created = segment
            created.id = try await connection.all("""
                INSERT INTO saved_segments (workspace_id, name, name_key, description, filter, created_at, updated_at)
                VALUES (\(workspaceId), \(segment.name), \(segment.name.lowercased()), \(segment.description),
                    \(JSONWriter.string(segment.filter)), \(segment.createdAt), \(segment.updatedAt))
                RETURNING id
                """, logger)[0].decode(Int64.self)
            return created
        }
    }

    public func updateSavedSegment(
        workspaceId: Int64, id: Int64, _ change: @Sendable (SavedSegment) throws -> SavedSegment
    ) async throws -> SavedSegment? {
        try await transaction { connection in
            guard let current = try await Self.fetchSavedSegment(connection, workspaceId: workspaceId, id: id, lock: true, logger) else {
                return nil
            }
            var segment = try change(current)
            segment.id = current.id
            try PostgresText.check(segment.name, field: "name")
            try PostgresText.check(segment.description, field: "description")
            try await Self.checkSegmentNameIsFree(connection, segment.name, workspaceId: workspaceId, except: segment.id, logger)
            try await connection.run("""
                UPDATE saved_segments SET name = \(segment.name), name_key = \(segment.name.lowercased()),
                    description = \(segment.description), filter = \(JSONWriter.string(segment.filter)), updated_at = \(segment.updatedAt)
                WHERE workspace_id = \(workspaceId) AND id = \(segment.id)
                """, logger)
            return try await Self.fetchSavedSegment(connection, workspaceId: workspaceId, id: segment.id, logger)
        }
    }

    public func deleteSavedSegment(workspaceId: Int64, id: Int64) async throws -> Bool {
        try await transaction { connection in
            !(try await connection.all(
                "DELETE FROM saved_segments WHERE workspace_id = \(workspaceId) AND id = \(id) RETURNING 1", logger)).isEmpty
        }
    }

    /// `lock`: held until the transaction ends, so a concurrent change waits and then reads this one's result.
    private static func fetchSavedSegment(
        _ connection: PostgresConnection, workspaceId: Int64, id: Int64, lock: Bool = false, _ logger: Logger
    ) async throws -> SavedSegment? {
        try await connection.all(PostgresQuery(unsafeSQL: """
            SELECT id, name, description, filter, created_at, updated_at FROM saved_segments
            WHERE workspace_id = $1 AND id = $2\(lock ? " FOR UPDATE" : "")
            """, binds: binds(workspaceId, id)), logger
        ).first.map(savedSegment(from:))
    }

    private static func checkSegmentNameIsFree(
        _ connection: PostgresConnection, _ name: String, workspaceId: Int64, except id: Int64?, _ logger: Logger
    ) async throws {
        if let row = try await connection.all("""
            SELECT id FROM saved_segments WHERE workspace_id = \(workspaceId) AND name_key = \(name.lowercased()) AND id <> \(id ?? 0)
            """, logger).first
        {
            let other = try row.decode(Int64.self)
            throw StoreError.conflict(field: "name", message: "the name \"\(name)\" is already used by \(SavedSegmentID.format(other))")
        }
    }

    private static func savedSegment(from row: PostgresRow) throws -> SavedSegment {
        let (id, name, description, filterText, createdAt, updatedAt) = try row.decode((Int64, String, String?, String, Int64, Int64).self)
        return SavedSegment(
            // The text was written by JSONWriter; were it damaged, null makes membership a 409 asking for a new filter.
            id: id, name: name, description: description, filter: (try? JSONParser.parse(filterText)) ?? .null,
            createdAt: createdAt, updatedAt: updatedAt)
    }
}
