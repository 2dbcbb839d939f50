import GRDB
import TernCore

extension SQLiteStore {
    /// From the ``EventProjection``.
    public func contactIds(workspaceId: Int64) async throws -> [Int64] {
        try await projection.events(workspaceId: workspaceId, pool: pool).contactIds
    }

    /// From the ``EventProjection``, or through the `(workspace_id, event, time)` index when
    /// properties are asked for (the projection does not hold them).
    public func eventOccurrences(_ query: OccurrenceQuery) async throws -> EventOccurrences {
        let from = query.from ?? Int64.min, to = query.to ?? Int64.max
        guard query.includeProperties else {
            return try await projection.events(workspaceId: query.workspaceId, pool: pool).occurrences(of: query.event, from: from, to: to)
        }
        return try await pool.read { db in
            var occurrences = EventOccurrences()
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, contact_id, time, properties FROM events
                WHERE workspace_id = ? AND event = ? AND time >= ? AND time < ?
                ORDER BY time, id
                """, arguments: [query.workspaceId, query.event, from, to])
            while let row = try rows.next() {
                occurrences.append(id: row[0], contactId: row[1], time: row[2])
                occurrences.properties.append(StoredEvent.properties(fromStored: row[3]))
            }
            return occurrences
        }
    }

    /// Reads every workspace into the ``EventProjection``, so the first questions after a start
    /// do not wait for it.
    public func loadEventProjection() async throws {
        for workspace in try await workspaces() {
            _ = try await projection.events(workspaceId: workspace.id, pool: pool)
        }
    }

    /// Old events of the workspace moved or went away: the projection must read it again.
    static func eventsRewritten(_ db: Database, workspaceId: Int64) throws {
        try db.execute(sql: "UPDATE workspaces SET events_generation = events_generation + 1 WHERE id = ?", arguments: [workspaceId])
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
