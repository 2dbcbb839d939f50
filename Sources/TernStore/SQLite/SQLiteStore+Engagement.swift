import GRDB
import TernCore

extension SQLiteStore {
    public func settings(workspaceId: Int64) async throws -> WorkspaceSettings {
        try await pool.read { db in try Self.settings(db, workspaceId: workspaceId) }
    }

    public func updateActivenessLevels(_ levels: ActivenessLevels, workspaceId: Int64) async throws {
        try await pool.write { db in
            try Self.ensureSettingsRow(db, workspaceId: workspaceId)
            try db.execute(
                sql: "UPDATE workspace_settings SET activeness_levels = ? WHERE workspace_id = ?",
                arguments: [JSONWriter.string(levels.json), workspaceId])
        }
    }

    public func updateAllowedOrigins(_ origins: [String]?, workspaceId: Int64) async throws {
        try await pool.write { db in
            try Self.ensureSettingsRow(db, workspaceId: workspaceId)
            try db.execute(
                sql: "UPDATE workspace_settings SET allowed_origins = ? WHERE workspace_id = ?",
                arguments: [origins.map { JSONWriter.string(.array($0.map(JSONValue.string))) }, workspaceId])
        }
    }

    public func updateStages(_ stages: LifecycleStages, workspaceId: Int64) async throws {
        try await pool.write { db in
            let used = try String.fetchAll(
                db, sql: "SELECT DISTINCT stage FROM event_definitions WHERE workspace_id = ? AND stage IS NOT NULL",
                arguments: [workspaceId])
            if let missing = used.first(where: { !stages.stages.contains($0) }) {
                throw StoreError.conflict(field: "stages", message: "event definitions push the stage \"\(missing)\"; keep it or change them first")
            }
            try Self.ensureSettingsRow(db, workspaceId: workspaceId)
            try db.execute(
                sql: "UPDATE workspace_settings SET stages = ? WHERE workspace_id = ?",
                arguments: [JSONWriter.string(stages.json), workspaceId])
        }
    }

    public func profile(workspaceId: Int64, contactId: Int64) async throws -> ContactProfile? {
        try await pool.read { db in
            guard let contact = try Self.fetchContact(db, workspaceId: workspaceId, id: contactId) else { return nil }
            let history = try Row.fetchAll(
                db, sql: "SELECT * FROM stage_history WHERE workspace_id = ? AND contact_id = ? ORDER BY id",
                arguments: [workspaceId, contactId]
            ).map { StageChange(from: $0["from_stage"], to: $0["to_stage"], event: $0["event"], eventId: $0["event_id"], time: $0["time"]) }
            let tags = try Row.fetchAll(
                db, sql: "SELECT tag, count FROM contact_tags WHERE workspace_id = ? AND contact_id = ? ORDER BY count DESC, tag LIMIT 10",
                arguments: [workspaceId, contactId]
            ).map { (tag: $0["tag"] as String, count: $0["count"] as Int) }
            let span = try Row.fetchOne(
                db, sql: "SELECT MIN(time) AS first, MAX(time) AS last FROM events WHERE workspace_id = ? AND contact_id = ?",
                arguments: [workspaceId, contactId])
            let counts = try Row.fetchAll(
                db, sql: "SELECT event, COUNT(*) AS n FROM events WHERE workspace_id = ? AND contact_id = ? GROUP BY event",
                arguments: [workspaceId, contactId])
            return ContactProfile(
                contact: contact, stageHistory: history, topTags: tags, firstEventAt: span?["first"], lastEventAt: span?["last"],
                eventCounts: Dictionary(uniqueKeysWithValues: counts.map { ($0["event"] as String, $0["n"] as Int) }))
        }
    }

    public func activeness(workspaceId: Int64, contactIds: [Int64], since: Int64) async throws -> [Int64: Int] {
        try await pool.read { db in
            let statement = try db.cachedStatement(
                sql: "SELECT COALESCE(SUM(score), 0) FROM events WHERE workspace_id = ? AND contact_id = ? AND time >= ?")
            var result: [Int64: Int] = [:]
            for id in contactIds {
                result[id] = try Int.fetchOne(statement, arguments: [workspaceId, id, since]) ?? 0
            }
            return result
        }
    }

    public func rollups(workspaceId: Int64) async throws -> [Int64: ContactRollups] {
        try await pool.read { db in
            var result: [Int64: ContactRollups] = [:]
            let contacts = Self.contactListSelect + " WHERE c.workspace_id = ?"
            for row in try Row.fetchAll(db, sql: contacts, arguments: [workspaceId, workspaceId]) {
                result[row["id"]] = ContactRollups(activeness: row["activeness"], stage: row["stage"], tags: [:])
            }
            for row in try Row.fetchAll(db, sql: "SELECT contact_id, tag, count FROM contact_tags WHERE workspace_id = ?", arguments: [workspaceId]) {
                result[row["contact_id"], default: ContactRollups(activeness: 0, stage: nil, tags: [:])].tags[row["tag"]] = row["count"]
            }
            return result
        }
    }

    public func rebuildRollups(workspaceId: Int64?) async throws {
        try await pool.write { db in
            let workspaces = try workspaceId.map { [$0] } ?? Int64.fetchAll(db, sql: "SELECT id FROM workspaces")
            for workspace in workspaces {
                try Self.rebuildRollups(db, workspaceId: workspace)
            }
        }
    }

    // MARK: Inside a transaction

    static func settings(_ db: Database, workspaceId: Int64) throws -> WorkspaceSettings {
        var settings = WorkspaceSettings()
        guard let row = try Row.fetchOne(
            db, sql: "SELECT activeness_levels, stages, allowed_origins FROM workspace_settings WHERE workspace_id = ?",
            arguments: [workspaceId])
        else { return settings }
        if let text: String = row["activeness_levels"], let levels = try? ActivenessLevels.read(JSONParser.parse(text)) {
            settings.activenessLevels = levels
        }
        if let text: String = row["stages"], let stages = try? LifecycleStages.read(JSONParser.parse(text)) {
            settings.stages = stages
        }
        if let text: String = row["allowed_origins"], let origins = (try? JSONParser.parse(text))?.arrayValue {
            settings.allowedOrigins = origins.compactMap(\.stringValue)
        }
        return settings
    }

    private static func ensureSettingsRow(_ db: Database, workspaceId: Int64) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO workspace_settings (workspace_id) VALUES (?)", arguments: [workspaceId])
    }

    /// Adds one recorded event to its contact's stage and tag counts; its score counts from its own
    /// row until a fold (SQLiteStore+Activeness.swift).
    static func updateRollups(
        _ db: Database, workspaceId: Int64, contactId: Int64, eventId: Int64, event: RecordableEvent, stages: LifecycleStages?
    ) throws {
        if let stage = event.stage, let stages {
            try moveStage(db, workspaceId: workspaceId, contactId: contactId, stage: stage, event: event.event, eventId: eventId, time: event.time, stages: stages)
        }
        if !event.contentTags.isEmpty {
            let statement = try db.cachedStatement(sql: """
                INSERT INTO contact_tags (workspace_id, contact_id, tag, count) VALUES (?, ?, ?, 1)
                ON CONFLICT (workspace_id, contact_id, tag) DO UPDATE SET count = count + 1
                """)
            for tag in event.contentTags { try statement.execute(arguments: [workspaceId, contactId, tag]) }
        }
    }

    /// The contact's stage and the event that set it; a contact without a row has none yet.
    static func stagePosition(_ db: Database, workspaceId: Int64, contactId: Int64) throws -> LifecycleStages.Position {
        let statement = try db.cachedStatement(
            sql: "SELECT stage, time, event_id FROM contact_stages WHERE workspace_id = ? AND contact_id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [workspaceId, contactId]) else {
            return LifecycleStages.Position(stage: nil, time: 0, eventId: 0)
        }
        return LifecycleStages.Position(stage: row[0], time: row[1], eventId: row[2])
    }

    static func moveStage(
        _ db: Database, workspaceId: Int64, contactId: Int64, stage: String, event: String, eventId: Int64, time: Int64,
        stages: LifecycleStages
    ) throws {
        let position = try stagePosition(db, workspaceId: workspaceId, contactId: contactId)
        guard let next = stages.apply(stage, time: time, eventId: eventId, to: position) else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO contact_stages (workspace_id, contact_id, stage, time, event_id) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (workspace_id, contact_id) DO UPDATE SET stage = excluded.stage, time = excluded.time, event_id = excluded.event_id
            """)
        try statement.execute(arguments: [workspaceId, contactId, next.stage, next.time, next.eventId])
        guard next.stage != position.stage else { return }
        try db.execute(
            sql: "INSERT INTO stage_history (workspace_id, contact_id, from_stage, to_stage, event, event_id, time) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [workspaceId, contactId, position.stage, stage, event, eventId, time])
    }

    /// Recomputes one workspace's rollups from its events; the stage history is replayed in event-time order.
    private static func rebuildRollups(_ db: Database, workspaceId: Int64) throws {
        let stages = try settings(db, workspaceId: workspaceId).stages
        try db.execute(sql: "DELETE FROM contact_activeness WHERE workspace_id = ?", arguments: [workspaceId])
        try db.execute(sql: """
            INSERT INTO contact_activeness (workspace_id, contact_id, activeness)
            SELECT workspace_id, contact_id, SUM(score) FROM events
            WHERE workspace_id = ? AND id <= (SELECT event_id FROM activeness_folded)
            GROUP BY contact_id HAVING SUM(score) != 0
            """, arguments: [workspaceId])
        try db.execute(sql: "DELETE FROM contact_stages WHERE workspace_id = ?", arguments: [workspaceId])
        try db.execute(sql: "DELETE FROM contact_tags WHERE workspace_id = ?", arguments: [workspaceId])
        try db.execute(sql: """
            INSERT INTO contact_tags (workspace_id, contact_id, tag, count)
            SELECT e.workspace_id, e.contact_id, j.value, COUNT(*) FROM events e, json_each(e.content_tags) j
            WHERE e.workspace_id = ? AND e.content_tags IS NOT NULL
            GROUP BY e.contact_id, j.value
            """, arguments: [workspaceId])
        try db.execute(sql: "DELETE FROM stage_history WHERE workspace_id = ?", arguments: [workspaceId])
        let staged = try Row.fetchCursor(
            db, sql: "SELECT id, contact_id, event, time, stage FROM events WHERE workspace_id = ? AND stage IS NOT NULL ORDER BY time, id",
            arguments: [workspaceId])
        while let row = try staged.next() {
            try moveStage(
                db, workspaceId: workspaceId, contactId: row["contact_id"], stage: row["stage"], event: row["event"],
                eventId: row["id"], time: row["time"], stages: stages)
        }
    }
}
