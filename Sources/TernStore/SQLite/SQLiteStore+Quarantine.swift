import GRDB
import TernCore

extension SQLiteStore {
    public func quarantine(_ events: [RejectedEvent]) async throws {
        guard !events.isEmpty else { return }
        try await pool.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO rejected_events (workspace_id, received_at, sent_at, reason, event, message_id, type, source, errors, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for event in events {
                let errors = JSONWriter.string(.array(event.errors.map { .object(["field": .string($0.field), "message": .string($0.message)]) }))
                try statement.execute(arguments: [
                    event.workspaceId, event.receivedAt, event.sentAt, event.reason, event.event, event.messageId, event.type,
                    event.source.rawValue, errors, event.payload,
                ])
            }
        }
    }

    public func rejectedEvents(_ query: RejectedEventQuery) async throws -> [RejectedEvent] {
        var conditions = ["workspace_id = ?", "id > ?"]
        var arguments: StatementArguments = [query.workspaceId, query.after ?? 0]
        if let reason = query.reason { conditions.append("reason = ?"); arguments += [reason] }
        if let event = query.event { conditions.append("event = ?"); arguments += [event] }
        if let from = query.from { conditions.append("received_at >= ?"); arguments += [from] }
        if let to = query.to { conditions.append("received_at < ?"); arguments += [to] }
        if query.pendingOnly { conditions.append("replayed_event_id IS NULL") }
        arguments += [query.limit]
        let sql = "SELECT * FROM rejected_events WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT ?"
        let finalArguments = arguments
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: finalArguments).map { row in
                let errorsText: String = row["errors"]
                let errors = (try? JSONParser.parse(errorsText))?.arrayValue?.compactMap { item -> FieldError? in
                    guard let field = item["field"]?.stringValue, let message = item["message"]?.stringValue else { return nil }
                    return FieldError(field: field, message: message)
                } ?? []
                return RejectedEvent(
                    id: row["id"], workspaceId: row["workspace_id"], receivedAt: row["received_at"], sentAt: row["sent_at"],
                    reason: row["reason"], event: row["event"], messageId: row["message_id"], type: row["type"],
                    source: EventSource(rawValue: row["source"]) ?? .segment, errors: errors, payload: row["payload"],
                    replayedEventId: row["replayed_event_id"])
            }
        }
    }

    public func rejectedEventCounts(workspaceId: Int64) async throws -> [String: Int] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT reason, COUNT(*) AS n FROM rejected_events WHERE workspace_id = ? AND replayed_event_id IS NULL GROUP BY reason",
                arguments: [workspaceId])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["reason"] as String, $0["n"] as Int) })
        }
    }

    public func markReplayed(workspaceId: Int64, _ replayed: [(rejectedId: Int64, eventId: Int64)]) async throws {
        try await pool.write { db in
            for (rejectedId, eventId) in replayed {
                try db.execute(
                    sql: "UPDATE rejected_events SET replayed_event_id = ? WHERE workspace_id = ? AND id = ?",
                    arguments: [eventId, workspaceId, rejectedId])
            }
        }
    }
}
