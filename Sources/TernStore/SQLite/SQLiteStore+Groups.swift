import GRDB
import TernCore

extension SQLiteStore {
    /// Definitions with their group's name as `group_name`, for ``definition(from:)``.
    static let definitionSelect = """
        SELECT d.*, g.name AS group_name FROM event_definitions d
        LEFT JOIN event_groups g ON g.workspace_id = d.workspace_id AND g.id = d.group_id
        """

    public func eventGroups(workspaceId: Int64) async throws -> [EventGroup] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: Self.groupSelect + " WHERE g.workspace_id = ? ORDER BY g.name_key", arguments: [workspaceId]
            ).map(Self.group(from:))
        }
    }

    public func eventGroup(workspaceId: Int64, id: Int64) async throws -> EventGroup? {
        try await pool.read { db in try Self.fetchGroup(db, workspaceId: workspaceId, id: id) }
    }

    public func createEventGroup(workspaceId: Int64, name: String, now: Int64) async throws -> EventGroup {
        try await pool.write { db in
            try Self.checkGroupNameIsFree(db, name, workspaceId: workspaceId, except: nil)
            let id = try Self.insertGroup(db, name, workspaceId: workspaceId, now: now)
            return EventGroup(id: id, name: name, eventCount: 0, createdAt: now, updatedAt: now)
        }
    }

    public func renameEventGroup(workspaceId: Int64, id: Int64, name: String, now: Int64) async throws -> EventGroup? {
        try await pool.write { db in
            guard try Self.fetchGroup(db, workspaceId: workspaceId, id: id) != nil else { return nil }
            try Self.checkGroupNameIsFree(db, name, workspaceId: workspaceId, except: id)
            try db.execute(
                sql: "UPDATE event_groups SET name = ?, name_key = ?, updated_at = ? WHERE workspace_id = ? AND id = ?",
                arguments: [name, name.lowercased(), now, workspaceId, id])
            return try Self.fetchGroup(db, workspaceId: workspaceId, id: id)
        }
    }

    public func deleteEventGroup(workspaceId: Int64, id: Int64, now: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM event_groups WHERE workspace_id = ? AND id = ?", arguments: [workspaceId, id])
            guard db.changesCount > 0 else { return false }
            try db.execute(
                sql: "UPDATE event_definitions SET group_id = NULL, updated_at = ? WHERE workspace_id = ? AND group_id = ?",
                arguments: [now, workspaceId, id])
            return true
        }
    }

    public func moveDefinitions(workspaceId: Int64, ids: [String], toGroup groupId: Int64?, now: Int64) async throws -> DefinitionMoveOutcome {
        try await pool.write { db in
            if let groupId, try Self.fetchGroup(db, workspaceId: workspaceId, id: groupId) == nil { return .noSuchGroup }
            let lookup = try db.cachedStatement(sql: "SELECT system FROM event_definitions WHERE workspace_id = ? AND id = ?")
            var problems: [BatchItemProblem] = []
            for (index, id) in ids.enumerated() {
                switch try Bool.fetchOne(lookup, arguments: [workspaceId, id]) {
                case nil:
                    problems.append(BatchItemProblem(index: index, field: "id", message: "no event definition \"\(id.prefix(100))\""))
                case true?:
                    problems.append(BatchItemProblem(index: index, field: "id", message: "system events cannot be grouped"))
                case false?:
                    break
                }
            }
            guard problems.isEmpty else { return .refused(problems) }
            let move = try db.cachedStatement(
                sql: "UPDATE event_definitions SET group_id = ?, updated_at = ? WHERE workspace_id = ? AND id = ? AND system = 0")
            for id in Set(ids) { try move.execute(arguments: [groupId, now, workspaceId, id]) }
            return .moved(count: Set(ids).count)
        }
    }

    /// The id of the group called `name` (any case), creating it if there is none; nil for no group.
    static func groupID(_ db: Database, named name: String?, workspaceId: Int64, now: Int64) throws -> Int64? {
        guard let name else { return nil }
        let find = try db.cachedStatement(sql: "SELECT id FROM event_groups WHERE workspace_id = ? AND name_key = ?")
        if let id = try Int64.fetchOne(find, arguments: [workspaceId, name.lowercased()]) { return id }
        return try insertGroup(db, name, workspaceId: workspaceId, now: now)
    }

    private static let groupSelect = """
        SELECT g.*, (SELECT COUNT(*) FROM event_definitions d WHERE d.workspace_id = g.workspace_id AND d.group_id = g.id)
            AS event_count
        FROM event_groups g
        """

    private static func fetchGroup(_ db: Database, workspaceId: Int64, id: Int64) throws -> EventGroup? {
        try Row.fetchOne(db, sql: groupSelect + " WHERE g.workspace_id = ? AND g.id = ?", arguments: [workspaceId, id])
            .map(group(from:))
    }

    private static func insertGroup(_ db: Database, _ name: String, workspaceId: Int64, now: Int64) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO event_groups (workspace_id, name, name_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [workspaceId, name, name.lowercased(), now, now])
        return db.lastInsertedRowID
    }

    private static func checkGroupNameIsFree(_ db: Database, _ name: String, workspaceId: Int64, except id: Int64?) throws {
        if let other = try Int64.fetchOne(
            db, sql: "SELECT id FROM event_groups WHERE workspace_id = ? AND name_key = ? AND id != ?",
            arguments: [workspaceId, name.lowercased(), id ?? 0])
        {
            throw StoreError.conflict(field: "name", message: "the name \"\(name)\" is already used by \(EventGroupID.format(other))")
        }
    }

    private static func group(from row: Row) -> EventGroup {
        EventGroup(
            id: row["id"], name: row["name"], eventCount: row["event_count"], createdAt: row["created_at"],
            updatedAt: row["updated_at"])
    }
}
