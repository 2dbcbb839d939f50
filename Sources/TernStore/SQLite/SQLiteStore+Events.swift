import GRDB
import TernCore

extension SQLiteStore {
    /// SQLite has one writer: the next group could not start before this commit ends, so the turn
    /// is handed on when it does (`committing` is not called).
    public func record(_ batches: [EventBatch], committing: @Sendable () -> Void) async throws -> [[RecordOutcome]] {
        let keepsRollups = self.keepsRollups
        let foldInterval = activenessFoldInterval
        return try await pool.write { db in
            var stages: [Int64: LifecycleStages] = [:]
            let outcomes = try batches.map { batch in
                try batch.events.map { event in
                    var event = event
                    let outcome = try Self.record(&event, db, workspaceId: batch.workspaceId, receivedAt: batch.receivedAt)
                    if keepsRollups, case .recorded(let eventId, let contactId) = outcome {
                        if event.stage != nil, stages[batch.workspaceId] == nil {
                            stages[batch.workspaceId] = try Self.settings(db, workspaceId: batch.workspaceId).stages
                        }
                        try Self.updateRollups(
                            db, workspaceId: batch.workspaceId, contactId: contactId, eventId: eventId, event: event,
                            stages: stages[batch.workspaceId])
                    }
                    return outcome
                }
            }
            if keepsRollups { try Self.foldActivenessIfDue(db, interval: foldInterval) }
            return outcomes
        }
    }

    public func events(_ query: EventQuery) async throws -> EventPage {
        var conditions = ["workspace_id = ?"]
        var arguments: StatementArguments = [query.workspaceId]
        if let contactId = query.contactId { conditions.append("contact_id = ?"); arguments += [contactId] }
        if let event = query.event { conditions.append("event = ?"); arguments += [event] }
        if let from = query.from { conditions.append("time >= ?"); arguments += [from] }
        if let to = query.to { conditions.append("time < ?"); arguments += [to] }
        let order: String
        if query.newestFirst {
            if let cursor = query.cursor {
                conditions.append("(time < ? OR (time = ? AND id < ?))")
                arguments += [cursor.time, cursor.time, cursor.id]
            }
            order = "time DESC, id DESC"
        } else {
            if let cursor = query.cursor { conditions.append("id > ?"); arguments += [cursor.id] }
            order = "id"
        }
        arguments += [query.limit + 1]
        let sql = "SELECT * FROM events WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order) LIMIT ?"
        let limit = query.limit
        let finalArguments = arguments
        return try await pool.read { db in
            var events = try Row.fetchAll(db, sql: sql, arguments: finalArguments).map(Self.storedEvent(from:))
            let hasMore = events.count > limit
            if hasMore { events.removeLast() }
            let next = events.last.map { EventCursor(time: $0.time, id: $0.id) } ?? query.cursor
            return EventPage(events: events, nextCursor: next, hasMore: hasMore)
        }
    }

    // MARK: Inside a transaction

    /// Records one event; its material's tags are added to `event`'s, for the rollups.
    static func record(_ event: inout RecordableEvent, _ db: Database, workspaceId: Int64, receivedAt: Int64) throws -> RecordOutcome {
        if let messageId = event.messageId {
            let statement = try db.cachedStatement(
                sql: "SELECT id, contact_id FROM events WHERE workspace_id = ? AND message_id = ?")
            if let row = try Row.fetchOne(statement, arguments: [workspaceId, messageId]) {
                return .duplicate(eventId: row[0], contactId: row[1])
            }
        }
        if let materialId = event.materialId {
            // Checked before the contact is resolved, so a refused event creates no contact.
            guard let tags = try materialTags(db, workspaceId: workspaceId, id: materialId) else {
                return .rejected(field: "materialId", message: RecordOutcome.unknownMaterial(materialId))
            }
            event.contentTags = ContentTags.union(event.contentTags, tags)
        }
        guard let contactId = try resolve(db, workspaceId: workspaceId, identity: event.contact, now: receivedAt) else {
            if case .id(let id) = event.contact.primaryKey {
                return .rejected(field: "contactId", message: "no contact with id \(ContactID.format(id))")
            }
            return .rejected(field: "contactId", message: "one of contactId, phone, externalId, email or anonymousId is required")
        }
        let id = try insertEvent(
            db, workspaceId: workspaceId, contactId: contactId, event: event.event, time: event.time,
            receivedAt: receivedAt, properties: event.storedProperties, contentTags: StoredTags.optionalText(event.contentTags),
            messageId: event.messageId, source: event.source, score: event.score, stage: event.stage,
            recordedBy: event.recordedBy, materialId: event.materialId)
        return .recorded(eventId: id, contactId: contactId)
    }

    /// Records an event Tern itself observed (`contact_created`, `contact_updated`).
    static func insertSystemEvent(_ db: Database, workspaceId: Int64, contactId: Int64, event: String, now: Int64) throws {
        _ = try insertEvent(
            db, workspaceId: workspaceId, contactId: contactId, event: event, time: now, receivedAt: now,
            properties: "{}", contentTags: nil, messageId: nil, source: .system, score: 0, stage: nil, recordedBy: nil,
            materialId: nil)
    }

    private static func insertEvent(
        _ db: Database, workspaceId: Int64, contactId: Int64, event: String, time: Int64, receivedAt: Int64,
        properties: String, contentTags: String?, messageId: String?, source: EventSource, score: Int, stage: String?,
        recordedBy: String?, materialId: String?
    ) throws -> Int64 {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO events (workspace_id, contact_id, event, time, received_at, properties, content_tags, message_id,
                source, score, stage, recorded_by, material_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            workspaceId, contactId, event, time, receivedAt, properties, contentTags, messageId, source.rawValue, score,
            stage, recordedBy, materialId,
        ])
        return db.lastInsertedRowID
    }

    static func storedEvent(from row: Row) -> StoredEvent {
        StoredEvent(
            id: row["id"], event: row["event"], time: row["time"], receivedAt: row["received_at"],
            contactId: row["contact_id"], properties: StoredEvent.properties(fromStored: row["properties"]),
            contentTags: StoredTags.tags(row["content_tags"]), messageId: row["message_id"],
            source: EventSource(rawValue: row["source"]) ?? .api, score: row["score"], stage: row["stage"],
            recordedBy: row["recorded_by"], materialId: row["material_id"])
    }
}
