import Logging
import PostgresNIO
import TernCore

extension PostgresStore {
    public func contactIds(workspaceId: Int64) async throws -> [Int64] {
        try await read { connection in
            try await connection.all("SELECT id FROM contacts WHERE workspace_id = \(workspaceId) ORDER BY id", logger)
                .map { try $0.decode(Int64.self) }
        }
    }

    /// Reads through the `(workspace_id, event, time)` index; partitions outside the range are pruned.
    public func eventOccurrences(_ query: OccurrenceQuery) async throws -> EventOccurrences {
        if PostgresText.holdsNUL(query.event) { return EventOccurrences() }  // no event is called that
        let from = query.from ?? Int64.min, to = query.to ?? Int64.max
        return try await read { connection in
            var occurrences = EventOccurrences()
            if query.includeProperties {
                for row in try await connection.all("""
                    SELECT id, contact_id, time, properties FROM events
                    WHERE workspace_id = \(query.workspaceId) AND event = \(query.event) AND time >= \(from) AND time < \(to)
                    ORDER BY time, id
                    """, logger)
                {
                    let (id, contactId, time, properties) = try row.decode((Int64, Int64, Int64, String).self)
                    occurrences.append(id: id, contactId: contactId, time: time)
                    occurrences.properties.append(StoredEvent.properties(fromStored: properties))
                }
                return occurrences
            }
            for row in try await connection.all("""
                SELECT id, contact_id, time FROM events
                WHERE workspace_id = \(query.workspaceId) AND event = \(query.event) AND time >= \(from) AND time < \(to)
                ORDER BY time, id
                """, logger)
            {
                let (id, contactId, time) = try row.decode((Int64, Int64, Int64).self)
                occurrences.append(id: id, contactId: contactId, time: time)
            }
            return occurrences
        }
    }

    public func eventTimeBounds(workspaceId: Int64) async throws -> [Int64: EventTimeBounds] {
        try await read { connection in
            var bounds: [Int64: EventTimeBounds] = [:]
            for row in try await connection.all("""
                SELECT contact_id, MIN(time), MAX(time) FROM events WHERE workspace_id = \(workspaceId) GROUP BY contact_id
                """, logger)
            {
                let (id, first, last) = try row.decode((Int64, Int64, Int64).self)
                bounds[id] = EventTimeBounds(first: first, last: last)
            }
            return bounds
        }
    }
}
