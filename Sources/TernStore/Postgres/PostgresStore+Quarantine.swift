import Foundation
import PostgresNIO
import TernCore

extension PostgresStore {
    public func quarantine(_ events: [RejectedEvent]) async throws {
        guard !events.isEmpty else { return }
        // What was refused may hold U+0000 anywhere; it is kept, readably, rather than refused twice.
        func text(_ value: String?) -> String? { value.map { $0.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") } }
        let errors = events.map { event in
            JSONWriter.string(.array(event.errors.map { .object(["field": .string($0.field), "message": .string($0.message)]) }))
        }
        try await transaction { connection in
            try await connection.run("""
                INSERT INTO rejected_events (workspace_id, received_at, sent_at, reason, event, message_id, type, source, errors, payload)
                SELECT r.workspace_id, r.received_at, r.sent_at, r.reason, r.event, r.message_id, r.type, r.source, r.errors, r.payload
                FROM UNNEST(\(events.map(\.workspaceId)), \(events.map(\.receivedAt)), \(NullableArray(events.map(\.sentAt))),
                    \(events.map { text($0.reason) ?? "" }), \(NullableArray(events.map { text($0.event) })),
                    \(NullableArray(events.map { text($0.messageId) })), \(NullableArray(events.map { text($0.type) })),
                    \(events.map(\.source.rawValue)), \(errors.map { text($0) ?? "" }), \(events.map { text($0.payload) ?? "" }))
                    WITH ORDINALITY AS r(workspace_id, received_at, sent_at, reason, event, message_id, type, source, errors, payload, n)
                ORDER BY r.n
                """, logger)
        }
    }

    public func rejectedEvents(_ query: RejectedEventQuery) async throws -> [RejectedEvent] {
        if [query.reason, query.event].contains(where: { $0.map(PostgresText.holdsNUL) ?? false }) { return [] }
        var sql = QueryBuilder("""
            SELECT id, workspace_id, received_at, sent_at, reason, event, message_id, type, source, errors, payload, replayed_event_id
            FROM rejected_events WHERE workspace_id =
            """)
        sql.append(" \(sql.bind(query.workspaceId)) AND id > \(sql.bind(query.after ?? 0))")
        if let reason = query.reason { sql.append(" AND reason = \(sql.bind(reason))") }
        if let event = query.event { sql.append(" AND event = \(sql.bind(event))") }
        if let from = query.from { sql.append(" AND received_at >= \(sql.bind(from))") }
        if let to = query.to { sql.append(" AND received_at < \(sql.bind(to))") }
        if query.pendingOnly { sql.append(" AND replayed_event_id IS NULL") }
        sql.append(" ORDER BY id LIMIT \(sql.bind(query.limit))")
        let finalQuery = sql.query
        return try await read { connection in
            try await connection.all(finalQuery, logger).map { row in
                let (id, workspaceId, receivedAt, sentAt, reason, event, messageId, type, source, errorsText, payload, replayed) =
                    try row.decode((Int64, Int64, Int64, Int64?, String, String?, String?, String?, String, String, String, Int64?).self)
                let errors = (try? JSONParser.parse(errorsText))?.arrayValue?.compactMap { item -> FieldError? in
                    guard let field = item["field"]?.stringValue, let message = item["message"]?.stringValue else { return nil }
                    return FieldError(field: field, message: message)
                } ?? []
                return RejectedEvent(
                    id: id, workspaceId: workspaceId, receivedAt: receivedAt, sentAt: sentAt, reason: reason, event: event,
                    messageId: messageId, type: type, source: EventSource(rawValue: source) ?? .segment, errors: errors,
                    payload: payload, replayedEventId: replayed)
            }
        }
    }

    public func rejectedEventCounts(workspaceId: Int64) async throws -> [String: Int] {
        try await read { connection in
            var counts: [String: Int] = [:]
            for row in try await connection.all("""
                SELECT reason, COUNT(*) FROM rejected_events WHERE workspace_id = \(workspaceId) AND replayed_event_id IS NULL
                GROUP BY reason
                """, logger)
            {
                let (reason, count) = try row.decode((String, Int).self)
                counts[reason] = count
            }
            return counts
        }
    }

    public func markReplayed(workspaceId: Int64, _ replayed: [(rejectedId: Int64, eventId: Int64)]) async throws {
        guard !replayed.isEmpty else { return }
        try await transaction { connection in
            try await connection.run("""
                UPDATE rejected_events r SET replayed_event_id = m.event_id
                FROM UNNEST(\(replayed.map(\.rejectedId)), \(replayed.map(\.eventId))) AS m(id, event_id)
                WHERE r.workspace_id = \(workspaceId) AND r.id = m.id AND r.id = ANY(\(replayed.map(\.rejectedId)))
                """, logger)
        }
    }
}
