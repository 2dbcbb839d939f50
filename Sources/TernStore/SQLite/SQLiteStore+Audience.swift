import GRDB
import TernCore

extension SQLiteStore {
    public func contactIds(workspaceId: Int64) async throws -> [Int64] {
        try await pool.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM contacts WHERE workspace_id = ? ORDER BY id", arguments: [workspaceId])
        }
    }

    /// Reads through the `(workspace_id, event, time)` index.
    public func eventOccurrences(_ query: OccurrenceQuery) async throws -> [EventOccurrence] {
        let columns = query.includeProperties ? "id, contact_id, time, properties" : "id, contact_id, time"
        let sql = """
            SELECT \(columns) FROM events
            WHERE workspace_id = ? AND event = ? AND time >= ? AND time < ?
            ORDER BY time, id
            """
        let arguments: StatementArguments = [query.workspaceId, query.event, query.from ?? Int64.min, query.to ?? Int64.max]
        let includeProperties = query.includeProperties
        return try await pool.read { db in
            var occurrences: [EventOccurrence] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                occurrences.append(EventOccurrence(
                    id: row[0], contactId: row[1], time: row[2],
                    properties: includeProperties ? StoredEvent.properties(fromStored: row[3]) : [:]))
            }
            return occurrences
        }
    }

    public func eventTimeBounds(workspaceId: Int64) async throws -> [Int64: EventTimeBounds] {
        try await pool.read { db in
            var bounds: [Int64: EventTimeBounds] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT contact_id, MIN(time), MAX(time) FROM events WHERE workspace_id = ? GROUP BY contact_id
                """, arguments: [workspaceId])
            while let row = try rows.next() {
                bounds[row[0]] = EventTimeBounds(first: row[1], last: row[2])
            }
            return bounds
        }
    }
}
