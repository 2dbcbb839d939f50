import Logging
import PostgresNIO
import TernCore

extension PostgresStore {
    public func record(_ batches: [EventBatch], committing: @Sendable () -> Void) async throws -> [[RecordOutcome]] {
        // Partitions first, in their own transaction: the recording transaction then never waits on DDL.
        try await partitions.ensure(
            containing: batches.lazy.flatMap { batch in [batch.receivedAt] + batch.events.map(\.time) }, store: self)
        let keepsRollups = self.keepsRollups
        let identities = self.identities
        // The writer's next group may start as this one commits: its transaction then waits on the
        // workspace's lock in PostgreSQL and goes on as soon as this commit is flushed. The chain of
        // statements runs on the connection's event loop (``PostgresConnection/onEventLoop(_:)``).
        let (outcomes, learned) = try await transaction(beforeCommit: committing) { connection in
            try await connection.onEventLoop {
                let workspaces = Set(batches.map(\.workspaceId)).sorted()
                // Always in id order, so two transactions never wait on each other's locks in a circle.
                var changes: [Int64: Int64] = [:]
                for workspaceId in workspaces { changes[workspaceId] = try await Self.lockForRecording(workspaceId, connection, logger) }
                var outcomes = [[RecordOutcome]](repeating: [], count: batches.count)
                var learned: [Learned] = []
                for workspaceId in workspaces {
                    let indices = batches.indices.filter { batches[$0].workspaceId == workspaceId }
                    let (recorded, learnedHere) = try await Self.record(
                        indices.map { batches[$0] }, workspaceId: workspaceId, identityChanges: changes[workspaceId]!, keepsRollups: keepsRollups,
                        identities: identities, connection, logger)
                    for (index, outcome) in zip(indices, recorded) { outcomes[index] = outcome }
                    if let learnedHere { learned.append(learnedHere) }
                }
                return (outcomes, learned)
            }
        }
        // Only once committed: a transaction rolled back created no contacts.
        for learned in learned {
            identities.remember(learned.identifiers, workspaceId: learned.workspaceId, changes: learned.changes)
        }
        if keepsRollups {
            var counts: [Int64: Int] = [:]
            for (batch, outcome) in zip(batches, outcomes) {
                counts[batch.workspaceId, default: 0] += outcome.count { if case .recorded = $0 { true } else { false } }
            }
            foldWhenDue(afterRecording: counts)
        }
        return outcomes
    }

    public func events(_ query: EventQuery) async throws -> EventPage {
        if let event = query.event, PostgresText.holdsNUL(event) {
            return EventPage(events: [], nextCursor: query.cursor, hasMore: false)  // no event is called that
        }
        var sql = QueryBuilder("SELECT \(Self.eventColumns) FROM events WHERE workspace_id = ")
        sql.append(sql.bind(query.workspaceId))
        if let contactId = query.contactId { sql.append(" AND contact_id = \(sql.bind(contactId))") }
        if let event = query.event { sql.append(" AND event = \(sql.bind(event))") }
        if let from = query.from { sql.append(" AND time >= \(sql.bind(from))") }
        if let to = query.to { sql.append(" AND time < \(sql.bind(to))") }
        if query.newestFirst {
            if let cursor = query.cursor {
                sql.append(" AND (time, id) < (\(sql.bind(cursor.time)), \(sql.bind(cursor.id)))")
            }
            sql.append(" ORDER BY time DESC, id DESC")
        } else {
            if let cursor = query.cursor { sql.append(" AND id > \(sql.bind(cursor.id))") }
            sql.append(" ORDER BY id")
        }
        sql.append(" LIMIT \(sql.bind(query.limit + 1))")
        let finalQuery = sql.query
        var events = try await read { connection in try await connection.all(finalQuery, logger).map(Self.storedEvent(from:)) }
        let hasMore = events.count > query.limit
        if hasMore { events.removeLast() }
        let next = events.last.map { EventCursor(time: $0.time, id: $0.id) } ?? query.cursor
        return EventPage(events: events, nextCursor: next, hasMore: hasMore)
    }

    // MARK: Inside a transaction

    static let eventColumns =
        "id, event, time, received_at, contact_id, properties, content_tags, message_id, source, score, stage, recorded_by, material_id"

    /// Identifiers a transaction read or created, to remember once it commits.
    private struct Learned {
        var workspaceId: Int64
        var changes: Int64
        var identifiers: IdentityCache.Identifiers
    }

    /// Records one workspace's batches in order: runs of events are planned in memory and written
    /// with a fixed number of set-based statements whatever their size; an event naming an
    /// anonymousId (whose resolution may merge contacts) is recorded on its own between runs.
    /// Also returns what the node may remember of the workspace's identifiers once this commits.
    private static func record(
        _ batches: [EventBatch], workspaceId: Int64, identityChanges: Int64, keepsRollups: Bool, identities: IdentityCache,
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> ([[RecordOutcome]], Learned?) {
        // One copy of each event (`flatMap` over mapped arrays made two, and the writer waits on this).
        var items: [EventRecordPlan.Item] = []
        items.reserveCapacity(batches.reduce(0) { $0 + $1.events.count })
        for batch in batches {
            for event in batch.events { items.append(EventRecordPlan.Item(event: event, receivedAt: batch.receivedAt)) }
        }
        // Events take their material's tags up front; one naming a material that does not exist is
        // refused where the per-event rules reach it (after the messageId check), as on SQLite.
        let materialIds = Set(items.compactMap(\.event.materialId)).filter { !PostgresText.holdsNUL($0) }
        let materials = try await materialTags(connection, workspaceId: workspaceId, ids: Array(materialIds), logger)
        for index in items.indices {
            if let id = items[index].event.materialId, let tags = materials[id] {
                items[index].event.contentTags = ContentTags.union(items[index].event.contentTags, tags)
            }
        }
        // Nil once this transaction has resolved an anonymousId, which may have merged contacts.
        var changes: Int64? = identityChanges
        var learned = IdentityCache.Identifiers()
        var outcomes: [RecordOutcome] = []
        outcomes.reserveCapacity(items.count)
        var start = 0
        while start < items.count {
            if EventRecordPlan.canPlan(items[start].event) {
                var end = start + 1
                while end < items.count, EventRecordPlan.canPlan(items[end].event) { end += 1 }
                let cache = changes.map { (identities: identities, changes: $0) }
                outcomes += try await recordPlanned(
                    items, start..<end, materials: materials, workspaceId: workspaceId, keepsRollups: keepsRollups, cache: cache,
                    learned: &learned, connection, logger)
                start = end
            } else {
                outcomes.append(try await recordResolving(
                    items, start, materials: materials, workspaceId: workspaceId, keepsRollups: keepsRollups, connection, logger))
                changes = nil
                start += 1
            }
        }
        var offset = 0
        let outcomesByBatch = batches.map { batch in
            defer { offset += batch.events.count }
            return Array(outcomes[offset..<offset + batch.events.count])
        }
        return (outcomesByBatch, changes.map { Learned(workspaceId: workspaceId, changes: $0, identifiers: learned) })
    }

    private static func recordPlanned(
        _ items: [EventRecordPlan.Item], _ range: Range<Int>, materials: [String: [String]], workspaceId: Int64, keepsRollups: Bool,
        cache: (identities: IdentityCache, changes: Int64)?, learned: inout IdentityCache.Identifiers,
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> [RecordOutcome] {
        var known = try await known(items, range, workspaceId: workspaceId, cache: cache, learned: &learned, connection, logger)
        known.materials = materials
        var plan = EventRecordPlan(items, range, known: known)
        guard !plan.rows.isEmpty else { return plan.outcomes }

        let (contactIds, eventIds) = try await takeIds(contacts: plan.newContacts.count, events: plan.rows.count, connection, logger)
        plan.assign(contactIds: contactIds, eventIds: eventIds)
        if !plan.newContacts.isEmpty {
            let contacts = plan.newContacts
            for (contact, id) in zip(contacts, contactIds) {
                learned.add(contactId: id, phone: contact.phone, externalId: contact.externalId, email: contact.email)
            }
            try await connection.run("""
                INSERT INTO contacts (id, workspace_id, phone, external_id, email, attributes, created_at, updated_at)
                SELECT c.id, \(workspaceId), c.phone, c.external_id, c.email, '{}', c.created_at, c.created_at
                FROM UNNEST(\(contactIds), \(NullableArray(contacts.map(\.phone))), \(NullableArray(contacts.map(\.externalId))),
                    \(NullableArray(contacts.map(\.email))), \(contacts.map(\.createdAt)))
                    AS c(id, phone, external_id, email, created_at)
                """, logger)
        }
        try await insertEvents(plan.rows, ids: eventIds, workspaceId: workspaceId, connection, logger)
        if keepsRollups {
            let recorded = zip(plan.rows, eventIds).compactMap { row, id in row.item.map { (contactId: row.contactId, eventId: id, item: $0) } }
            try await updateRollups(recorded, of: items, workspaceId: workspaceId, connection, logger)
        }
        return plan.outcomes
    }

    /// Records one event the way ``SQLiteStore`` does, statement by statement: its identity is
    /// resolved with ``resolve(_:workspaceId:identity:now:_:)``, which may create or merge contacts.
    private static func recordResolving(
        _ items: [EventRecordPlan.Item], _ item: Int, materials: [String: [String]], workspaceId: Int64, keepsRollups: Bool,
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> RecordOutcome {
        let event = items[item].event, receivedAt = items[item].receivedAt
        if let messageId = event.messageId, let row = try await connection.all("""
            SELECT event_id, contact_id FROM event_message_ids WHERE workspace_id = \(workspaceId) AND message_id = \(messageId)
            """, logger).first
        {
            let (eventId, contactId) = try row.decode((Int64, Int64).self)
            return .duplicate(eventId: eventId, contactId: contactId)
        }
        if let materialId = event.materialId, materials[materialId] == nil {
            return .rejected(field: "materialId", message: RecordOutcome.unknownMaterial(materialId))
        }
        guard let contactId = try await resolve(connection, workspaceId: workspaceId, identity: event.contact, now: receivedAt, logger) else {
            if case .id(let id) = event.contact.primaryKey {
                return .rejected(field: "contactId", message: "no contact with id \(ContactID.format(id))")
            }
            return .rejected(field: "contactId", message: "one of contactId, phone, externalId, email or anonymousId is required")
        }
        let row = EventRecordPlan.Row(event, item: item, contactId: contactId, receivedAt: receivedAt)
        let id = try await takeIds(contacts: 0, events: 1, connection, logger).events[0]
        try await insertEvents([row], ids: [id], workspaceId: workspaceId, connection, logger)
        if keepsRollups {
            try await updateRollups([(contactId, id, item)], of: items, workspaceId: workspaceId, connection, logger)
        }
        return .recorded(eventId: id, contactId: contactId)
    }

    /// Inserts event rows with their ids (with COPY, see ``CopyText``), and their messageIds into the
    /// table that keeps them unique.
    static func insertEvents(
        _ rows: [EventRecordPlan.Row], ids: [Int64], workspaceId: Int64, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        var copy = CopyText(capacity: rows.count * 320)
        let spans = (rows: rows.span, ids: ids.span)  // not `zip`: see EventRecordPlan.init(_:_:known:)
        for index in spans.rows.indices {
            let row = spans.rows[index]
            copy.append(spans.ids[index])
            copy.append(workspaceId)
            copy.append(row.contactId)
            copy.append(row.event)
            copy.append(row.time)
            copy.append(row.receivedAt)
            copy.append(row.properties)
            copy.append(row.contentTags)
            copy.append(row.messageId)
            copy.append(row.source.rawValue)
            copy.append(row.score)
            copy.append(row.stage)
            copy.append(row.recordedBy)
            copy.append(row.materialId)
            copy.endRow()
        }
        let columns = ["id", "workspace_id", "contact_id", "event", "time", "received_at", "properties", "content_tags", "message_id",
                       "source", "score", "stage", "recorded_by", "material_id"]
        try await connection.copyWhileOpen(copy.buffer, into: "events", columns: columns, logger)
        let messages = zip(rows, ids).compactMap { row, id in row.messageId.map { (messageId: $0, eventId: id, contactId: row.contactId) } }
        if !messages.isEmpty {
            // No ON CONFLICT: under the workspace lock a taken messageId was seen before; if one
            // slips through anyway, the unique key fails the transaction and it runs again.
            try await connection.run("""
                INSERT INTO event_message_ids (workspace_id, message_id, event_id, contact_id)
                SELECT \(workspaceId), m.message_id, m.event_id, m.contact_id
                FROM UNNEST(\(messages.map(\.messageId)), \(messages.map(\.eventId)), \(messages.map(\.contactId)))
                    AS m(message_id, event_id, contact_id)
                """, logger)
        }
    }

    /// What the database holds for everything the items name: contacts from the node's cache where
    /// it holds them, the rest probed (and added to `learned`).
    private static func known(
        _ items: [EventRecordPlan.Item], _ range: Range<Int>, workspaceId: Int64, cache: (identities: IdentityCache, changes: Int64)?,
        learned: inout IdentityCache.Identifiers, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> EventRecordPlan.Known {
        var lookups = EventRecordPlan.lookups(items, range)
        var known = EventRecordPlan.Known(unstorable: lookups.unstorable)
        if let cache { cache.identities.recall(&lookups, into: &known, workspaceId: workspaceId, changes: cache.changes) }
        lookups.removeRepeats()
        if !lookups.messageIds.isEmpty {
            for row in try await connection.all(probes(["message_id": lookups.messageIds], in: "event_message_ids",
                                                       columns: "message_id, event_id, contact_id", workspaceId: workspaceId), logger) {
                let (messageId, eventId, contactId) = try row.decode((String, Int64, Int64).self)
                known.messageIds[messageId] = (eventId, contactId)
            }
        }
        let identifiers = ["phone": lookups.phones, "external_id": lookups.externalIds, "email": lookups.emails].filter { !$0.value.isEmpty }
        if !lookups.ids.isEmpty || !identifiers.isEmpty {
            let query = probes(identifiers, ids: lookups.ids, in: "contacts", columns: "id, phone, external_id, email", workspaceId: workspaceId)
            for row in try await connection.all(query, logger) {
                let (id, phone, externalId, email) = try row.decode((Int64, String?, String?, String?).self)
                known.contactIds.insert(id)
                if let phone { known.phones[phone] = id }
                if let externalId { known.externalIds[externalId] = id }
                if let email { known.emails[email] = id }
                learned.add(contactId: id, phone: phone, externalId: externalId, email: email)
            }
        }
        // A userId merged away by an alias still names the contact it was merged into.
        let previousUserIds = lookups.externalIds.filter { known.externalIds[$0] == nil }
        if !previousUserIds.isEmpty {
            for row in try await connection.all(probes(["user_id": previousUserIds], in: "contact_previous_user_ids",
                                                       columns: "user_id, contact_id", workspaceId: workspaceId), logger) {
                let (userId, contactId) = try row.decode((String, Int64).self)
                known.previousUserIds[userId] = contactId
                known.contactIds.insert(contactId)
            }
        }
        return known
    }

    /// The rows of `table` in the workspace whose `column` (or `id`) is one of the values: one index
    /// probe per value. An OR of `= ANY(…)` conditions makes the planner recheck every candidate row
    /// against every array, or scan a whole index for an empty one; a plain join with the array, or
    /// a single `= ANY(…)`, turns into a scan of every row of the workspace once the array is large
    /// (1,600 of 100,000 contacts was enough, and it grows with the table). A LATERAL subquery with
    /// LIMIT 1 cannot be flattened into a join, so it stays a nested loop of index probes at any
    /// size. `table`, `columns` and the keys of `values` are fixed names, never input.
    static func probes(
        _ values: [String: [String]], ids: [Int64] = [], in table: String, columns: String, workspaceId: Int64
    ) -> PostgresQuery {
        var sql = QueryBuilder("")
        let workspace = sql.bind(workspaceId)
        var parts: [String] = []
        func probe(_ column: String, _ array: String) {
            parts.append("""
                SELECT \(columns) FROM unnest(\(array)) AS v(value)
                CROSS JOIN LATERAL (SELECT \(columns) FROM \(table) WHERE workspace_id = \(workspace) AND \(column) = v.value LIMIT 1) t
                """)
        }
        if !ids.isEmpty { probe("id", "\(sql.bind(ids))::bigint[]") }
        for (column, array) in values.sorted(by: { $0.key < $1.key }) { probe(column, "\(sql.bind(array))::text[]") }
        sql.append(parts.joined(separator: "\nUNION ALL\n"))
        return sql.query
    }

    /// Takes the workspace's lock (``lockWorkspace(_:_:_:)``) and returns how many times its
    /// contacts have been deleted or had their identifiers changed (see ``IdentityCache``), read
    /// once the lock is held, in one round trip: the chain of recording statements is what bounds a
    /// workspace's ingestion.
    private static func lockForRecording(_ workspaceId: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws -> Int64 {
        try await connection.all("""
            SELECT tern_lock_for_recording((hashtext(current_schema())::bigint << 32) + \(workspaceId), \(workspaceId))
            """, logger)[0].decode(Int64.self)
    }

    /// Takes ids from the sequences, ascending. The caller holds the workspace's lock, so they are
    /// larger than every id already committed in it.
    private static func takeIds(
        contacts: Int, events: Int, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> (contacts: [Int64], events: [Int64]) {
        let row = try await connection.all("""
            SELECT ARRAY(SELECT nextval('contacts_id_seq') FROM generate_series(1, \(contacts))),
                ARRAY(SELECT nextval('events_id_seq') FROM generate_series(1, \(events)))
            """, logger)[0]
        let (contactIds, eventIds) = try row.decode(([Int64], [Int64]).self)
        return (contactIds.sorted(), eventIds.sorted())
    }

    /// Adds recorded events to their contacts' tag counts, stages and stage history (activeness is
    /// folded later: PostgresStore+Activeness). `recorded` names events by their position in `items`.
    static func updateRollups(
        _ recorded: [(contactId: Int64, eventId: Int64, item: Int)], of items: [EventRecordPlan.Item], workspaceId: Int64,
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        var tags: [TagKey: Int] = [:]
        var staged: [(contactId: Int64, eventId: Int64, item: Int)] = []
        for (contactId, eventId, item) in recorded {
            for tag in items[item].event.contentTags { tags[TagKey(contactId: contactId, tag: tag), default: 0] += 1 }
            if items[item].event.stage != nil { staged.append((contactId, eventId, item)) }
        }
        if !tags.isEmpty {
            let keys = Array(tags.keys)
            try await connection.run("""
                INSERT INTO contact_tags (workspace_id, contact_id, tag, count)
                SELECT \(workspaceId), t.contact_id, t.tag, t.count
                FROM UNNEST(\(keys.map(\.contactId)), \(keys.map(\.tag)), \(keys.map { tags[$0]! })) AS t(contact_id, tag, count)
                ON CONFLICT (workspace_id, contact_id, tag) DO UPDATE SET count = contact_tags.count + EXCLUDED.count
                """, logger)
        }
        if !staged.isEmpty {
            var replay = StageReplay(stages: try await settings(connection, workspaceId: workspaceId, logger).stages)
            let contactIds = Array(Set(staged.map(\.contactId)))
            for row in try await connection.all("""
                SELECT id, stage, stage_time, stage_event_id FROM contacts WHERE workspace_id = \(workspaceId) AND id = ANY(\(contactIds))
                """, logger)
            {
                let (id, stage, time, eventId) = try row.decode((Int64, String?, Int64, Int64).self)
                replay.start(id, at: LifecycleStages.Position(stage: stage, time: time, eventId: eventId))
            }
            for (contactId, eventId, item) in staged {
                let event = items[item].event
                if let stage = event.stage { replay.apply(stage, contactId: contactId, event: event.event, eventId: eventId, time: event.time) }
            }
            try await replay.write(connection, workspaceId: workspaceId, logger)
        }
    }

    private struct TagKey: Hashable {
        var contactId: Int64
        var tag: String
    }

    static func storedEvent(from row: PostgresRow) throws -> StoredEvent {
        let (id, event, time, receivedAt, contactId, properties, contentTags, messageId, source, score, stage, recordedBy, materialId) =
            try row.decode((Int64, String, Int64, Int64, Int64, String, String?, String?, String, Int, String?, String?, String?).self)
        return StoredEvent(
            id: id, event: event, time: time, receivedAt: receivedAt, contactId: contactId,
            properties: StoredEvent.properties(fromStored: properties), contentTags: StoredTags.tags(contentTags), messageId: messageId,
            source: EventSource(rawValue: source) ?? .api, score: score, stage: stage, recordedBy: recordedBy, materialId: materialId)
    }
}
