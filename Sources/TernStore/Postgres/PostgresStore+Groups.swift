import Logging
import PostgresNIO
import TernCore

extension PostgresStore {
    public func eventGroups(workspaceId: Int64) async throws -> [EventGroup] {
        try await read { connection in
            try await connection.all(
                PostgresQuery(unsafeSQL: Self.groupSelect + " WHERE g.workspace_id = $1 ORDER BY g.name_key", binds: Self.binds(workspaceId)),
                logger
            ).map(Self.group(from:))
        }
    }

    public func eventGroup(workspaceId: Int64, id: Int64) async throws -> EventGroup? {
        try await read { connection in try await Self.fetchGroup(connection, workspaceId: workspaceId, id: id, logger) }
    }

    public func createEventGroup(workspaceId: Int64, name: String, now: Int64) async throws -> EventGroup {
        try PostgresText.check(name, field: "name")
        return try await transaction { connection in
            try await Self.checkGroupNameIsFree(connection, name, workspaceId: workspaceId, except: nil, logger)
            let id = try await Self.insertGroup(connection, name, workspaceId: workspaceId, now: now, logger)
            return EventGroup(id: id, name: name, eventCount: 0, createdAt: now, updatedAt: now)
        }
    }

    public func renameEventGroup(workspaceId: Int64, id: Int64, name: String, now: Int64) async throws -> EventGroup? {
        try PostgresText.check(name, field: "name")
        return try await transaction { connection in
            guard try await Self.fetchGroup(connection, workspaceId: workspaceId, id: id, logger) != nil else { return nil }
            try await Self.checkGroupNameIsFree(connection, name, workspaceId: workspaceId, except: id, logger)
            try await connection.run("""
                UPDATE event_groups SET name = \(name), name_key = \(name.lowercased()), updated_at = \(now)
                WHERE workspace_id = \(workspaceId) AND id = \(id)
                """, logger)
            return try await Self.fetchGroup(connection, workspaceId: workspaceId, id: id, logger)
        }
    }

    public func deleteEventGroup(workspaceId: Int64, id: Int64, now: Int64) async throws -> Bool {
        try await transaction { connection in
            let deleted = try await connection.all(
                "DELETE FROM event_groups WHERE workspace_id = \(workspaceId) AND id = \(id) RETURNING 1", logger)
            guard !deleted.isEmpty else { return false }
            try await connection.run("""
                UPDATE event_definitions SET group_id = NULL, updated_at = \(now)
                WHERE workspace_id = \(workspaceId) AND group_id = \(id)
                """, logger)
            return true
        }
    }

    public func moveDefinitions(workspaceId: Int64, ids: [String], toGroup groupId: Int64?, now: Int64) async throws -> DefinitionMoveOutcome {
        try await transaction { connection in
            if let groupId, try await Self.fetchGroup(connection, workspaceId: workspaceId, id: groupId, logger) == nil {
                return .noSuchGroup
            }
            var system: [String: Bool] = [:]
            let lookup = ids.filter { !PostgresText.holdsNUL($0) }  // no definition holds one
            for row in try await connection.all(
                "SELECT id, system FROM event_definitions WHERE workspace_id = \(workspaceId) AND id = ANY(\(lookup))", logger)
            {
                let (id, isSystem) = try row.decode((String, Bool).self)
                system[id] = isSystem
            }
            var problems: [BatchItemProblem] = []
            for (index, id) in ids.enumerated() {
                switch system[id] {
                case nil:
                    problems.append(BatchItemProblem(index: index, field: "id", message: "no event definition \"\(id.prefix(100))\""))
                case true?:
                    problems.append(BatchItemProblem(index: index, field: "id", message: "system events cannot be grouped"))
                case false?:
                    break
                }
            }
            guard problems.isEmpty else { return .refused(problems) }
            let unique = Array(Set(ids))
            try await connection.run("""
                UPDATE event_definitions SET group_id = \(groupId), updated_at = \(now)
                WHERE workspace_id = \(workspaceId) AND id = ANY(\(unique)) AND NOT system
                """, logger)
            return .moved(count: unique.count)
        }
    }

    /// The id of the group called `name` (any case), creating it if there is none; nil for no group.
    static func groupID(
        _ connection: PostgresConnection, named name: String?, workspaceId: Int64, now: Int64, _ logger: Logger
    ) async throws -> Int64? {
        guard let name else { return nil }
        if let row = try await connection.all(
            "SELECT id FROM event_groups WHERE workspace_id = \(workspaceId) AND name_key = \(name.lowercased())", logger).first
        {
            return try row.decode(Int64.self)
        }
        return try await insertGroup(connection, name, workspaceId: workspaceId, now: now, logger)
    }

    private static let groupSelect = """
        SELECT g.id, g.name, (SELECT COUNT(*) FROM event_definitions d WHERE d.workspace_id = g.workspace_id AND d.group_id = g.id),
            g.created_at, g.updated_at
        FROM event_groups g
        """

    private static func fetchGroup(_ connection: PostgresConnection, workspaceId: Int64, id: Int64, _ logger: Logger) async throws -> EventGroup? {
        try await connection.all(
            PostgresQuery(unsafeSQL: groupSelect + " WHERE g.workspace_id = $1 AND g.id = $2", binds: binds(workspaceId, id)), logger
        ).first.map(group(from:))
    }

    private static func insertGroup(
        _ connection: PostgresConnection, _ name: String, workspaceId: Int64, now: Int64, _ logger: Logger
    ) async throws -> Int64 {
        try await connection.all("""
            INSERT INTO event_groups (workspace_id, name, name_key, created_at, updated_at)
            VALUES (\(workspaceId), \(name), \(name.lowercased()), \(now), \(now)) RETURNING id
            """, logger)[0].decode(Int64.self)
    }

    private static func checkGroupNameIsFree(
        _ connection: PostgresConnection, _ name: String, workspaceId: Int64, except id: Int64?, _ logger: Logger
    ) async throws {
        if let row = try await connection.all("""
            SELECT id FROM event_groups WHERE workspace_id = \(workspaceId) AND name_key = \(name.lowercased()) AND id <> \(id ?? 0)
            """, logger).first
        {
            let other = try row.decode(Int64.self)
            throw StoreError.conflict(field: "name", message: "the name \"\(name)\" is already used by \(EventGroupID.format(other))")
        }
    }

    private static func group(from row: PostgresRow) throws -> EventGroup {
        let (id, name, count, createdAt, updatedAt) = try row.decode((Int64, String, Int, Int64, Int64).self)
        return EventGroup(id: id, name: name, eventCount: count, createdAt: createdAt, updatedAt: updatedAt)
    }
}
