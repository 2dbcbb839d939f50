import Logging
import PostgresNIO
import TernCore

extension PostgresStore {
    public func settings(workspaceId: Int64) async throws -> WorkspaceSettings {
        try await read { connection in try await Self.settings(connection, workspaceId: workspaceId, logger) }
    }

    public func updateActivenessLevels(_ levels: ActivenessLevels, workspaceId: Int64) async throws {
        try await transaction { connection in
            try await connection.run("""
                INSERT INTO workspace_settings (workspace_id, activeness_levels) VALUES (\(workspaceId), \(JSONWriter.string(levels.json)))
                ON CONFLICT (workspace_id) DO UPDATE SET activeness_levels = EXCLUDED.activeness_levels
                """, logger)
        }
    }

    public func updateAllowedOrigins(_ origins: [String]?, workspaceId: Int64) async throws {
        let text = origins.map { JSONWriter.string(.array($0.map(JSONValue.string))) }
        try await transaction { connection in
            try await connection.run("""
                INSERT INTO workspace_settings (workspace_id, allowed_origins) VALUES (\(workspaceId), \(text))
                ON CONFLICT (workspace_id) DO UPDATE SET allowed_origins = EXCLUDED.allowed_origins
                """, logger)
        }
    }

    public func updateStages(_ stages: LifecycleStages, workspaceId: Int64) async throws {
        for (index, stage) in stages.stages.enumerated() { try PostgresText.check(stage, field: "stages[\(index)]") }
        try await transaction { connection in
            let used = try await connection.all(
                "SELECT DISTINCT stage FROM event_definitions WHERE workspace_id = \(workspaceId) AND stage IS NOT NULL", logger
            ).map { try $0.decode(String.self) }
            if let missing = used.first(where: { !stages.stages.contains($0) }) {
                throw StoreError.conflict(field: "stages", message: "event definitions push the stage \"\(missing)\"; keep it or change them first")
            }
            try await connection.run("""
                INSERT INTO workspace_settings (workspace_id, stages) VALUES (\(workspaceId), \(JSONWriter.string(stages.json)))
                ON CONFLICT (workspace_id) DO UPDATE SET stages = EXCLUDED.stages
                """, logger)
        }
    }

    public func profile(workspaceId: Int64, contactId: Int64) async throws -> ContactProfile? {
        try await read { connection in
            guard let contact = try await Self.fetchContact(connection, workspaceId: workspaceId, id: contactId, logger) else { return nil }
            let history = try await connection.all("""
                SELECT from_stage, to_stage, event, event_id, time FROM stage_history
                WHERE workspace_id = \(workspaceId) AND contact_id = \(contactId) ORDER BY id
                """, logger
            ).map { row in
                let (from, to, event, eventId, time) = try row.decode((String?, String, String, Int64, Int64).self)
                return StageChange(from: from, to: to, event: event, eventId: eventId, time: time)
            }
            let tags = try await connection.all("""
                SELECT tag, count FROM contact_tags WHERE workspace_id = \(workspaceId) AND contact_id = \(contactId)
                ORDER BY count DESC, tag LIMIT 10
                """, logger
            ).map { row in
                let (tag, count) = try row.decode((String, Int).self)
                return (tag: tag, count: count)
            }
            let span = try await connection.all(
                "SELECT MIN(time), MAX(time) FROM events WHERE workspace_id = \(workspaceId) AND contact_id = \(contactId)", logger
            ).first?.decode((Int64?, Int64?).self)
            var counts: [String: Int] = [:]
            for row in try await connection.all(
                "SELECT event, COUNT(*) FROM events WHERE workspace_id = \(workspaceId) AND contact_id = \(contactId) GROUP BY event",
                logger)
            {
                let (event, count) = try row.decode((String, Int).self)
                counts[event] = count
            }
            return ContactProfile(
                contact: contact, stageHistory: history, topTags: tags, firstEventAt: span?.0, lastEventAt: span?.1,
                eventCounts: counts)
        }
    }

    public func activeness(workspaceId: Int64, contactIds: [Int64], since: Int64) async throws -> [Int64: Int] {
        try await read { connection in
            var result = Dictionary(uniqueKeysWithValues: contactIds.map { ($0, 0) })
            for row in try await connection.all("""
                SELECT contact_id, SUM(score)::bigint FROM events
                WHERE workspace_id = \(workspaceId) AND contact_id = ANY(\(contactIds)) AND time >= \(since)
                GROUP BY contact_id
                """, logger)
            {
                let (id, sum) = try row.decode((Int64, Int).self)
                result[id] = sum
            }
            return result
        }
    }

    public func rollups(workspaceId: Int64) async throws -> [Int64: ContactRollups] {
        try await readWithMark(workspaceId: workspaceId) { connection, mark in
            var result: [Int64: ContactRollups] = [:]
            var sql = QueryBuilder("SELECT c.id, \(Self.activenessColumn), c.stage FROM contacts c ")
            let workspace = sql.bind(workspaceId)
            sql.append(Self.withActiveness(&sql, workspace: workspace, mark: mark))
            sql.append(" WHERE c.workspace_id = \(workspace)")
            for row in try await connection.all(sql.query, logger) {
                let (id, activeness, stage) = try row.decode((Int64, Int, String?).self)
                result[id] = ContactRollups(activeness: activeness, stage: stage, tags: [:])
            }
            for row in try await connection.all(
                "SELECT contact_id, tag, count FROM contact_tags WHERE workspace_id = \(workspaceId)", logger)
            {
                let (id, tag, count) = try row.decode((Int64, String, Int).self)
                result[id, default: ContactRollups(activeness: 0, stage: nil, tags: [:])].tags[tag] = count
            }
            return result
        }
    }

    public func rebuildRollups(workspaceId: Int64?) async throws {
        var workspaces: [Int64] = []
        if let workspaceId { workspaces = [workspaceId] } else { workspaces = try await self.workspaces().map(\.id) }
        for workspace in workspaces {
            try await transaction { connection in try await Self.rebuildRollups(connection, workspaceId: workspace, logger) }
        }
    }

    // MARK: Inside a transaction

    static func settings(_ connection: PostgresConnection, workspaceId: Int64, _ logger: Logger) async throws -> WorkspaceSettings {
        var settings = WorkspaceSettings()
        guard let row = try await connection.all(
            "SELECT activeness_levels, stages, allowed_origins FROM workspace_settings WHERE workspace_id = \(workspaceId)", logger
        ).first
        else { return settings }
        let (levelsText, stagesText, originsText) = try row.decode((String?, String?, String?).self)
        if let levelsText, let levels = try? ActivenessLevels.read(JSONParser.parse(levelsText)) {
            settings.activenessLevels = levels
        }
        if let stagesText, let stages = try? LifecycleStages.read(JSONParser.parse(stagesText)) {
            settings.stages = stages
        }
        if let originsText, let origins = (try? JSONParser.parse(originsText))?.arrayValue {
            settings.allowedOrigins = origins.compactMap(\.stringValue)
        }
        return settings
    }

    /// Recomputes one workspace's rollups from its events; the stage history is replayed in event-time order.
    private static func rebuildRollups(_ connection: PostgresConnection, workspaceId: Int64, _ logger: Logger) async throws {
        try await lockWorkspace(workspaceId, connection, logger)
        try await lockFolds(workspaceId, connection, logger)
        let stages = try await settings(connection, workspaceId: workspaceId, logger).stages
        try await connection.run("""
            UPDATE contacts SET stage = NULL, stage_time = 0, stage_event_id = 0 WHERE workspace_id = \(workspaceId)
            """, logger)
        // Everything folded again: with the workspace lock held no event can commit meanwhile.
        try await connection.run("DELETE FROM activeness_buckets WHERE workspace_id = \(workspaceId)", logger)
        try await setMark(0, workspaceId: workspaceId, connection, logger)
        try await fold(workspaceId, connection, logger)
        try await connection.run("DELETE FROM contact_tags WHERE workspace_id = \(workspaceId)", logger)
        try await connection.run("""
            INSERT INTO contact_tags (workspace_id, contact_id, tag, count)
            SELECT e.workspace_id, e.contact_id, t.tag, COUNT(*)
            FROM events e CROSS JOIN LATERAL jsonb_array_elements_text(e.content_tags::jsonb) AS t(tag)
            WHERE e.workspace_id = \(workspaceId) AND e.content_tags IS NOT NULL
            GROUP BY e.workspace_id, e.contact_id, t.tag
            """, logger)
        try await connection.run("DELETE FROM stage_history WHERE workspace_id = \(workspaceId)", logger)
        var replay = StageReplay(stages: stages)
        let staged = try await connection.streamWhileOpen("""
            SELECT id, contact_id, event, time, stage FROM events
            WHERE workspace_id = \(workspaceId) AND stage IS NOT NULL ORDER BY time, id
            """, logger)
        for try await row in staged {
            let (id, contactId, event, time, stage) = try row.decode((Int64, Int64, String, Int64, String).self)
            replay.apply(stage, contactId: contactId, event: event, eventId: id, time: time)
        }
        try await replay.write(connection, workspaceId: workspaceId, logger)
    }
}

/// Moves contacts through the lifecycle stages, event by event, by ``LifecycleStages/apply(_:time:eventId:to:)``,
/// remembering the changed positions and the history, then writes both in two statements.
/// Used when events are recorded and when rollups are rebuilt.
struct StageReplay {
    let stages: LifecycleStages
    private(set) var positions: [Int64: LifecycleStages.Position] = [:]
    private var changed = Set<Int64>()
    private var history: [(contactId: Int64, change: StageChange)] = []

    init(stages: LifecycleStages) { self.stages = stages }

    /// Sets where a contact stands before the replay; contacts never set start with no stage.
    mutating func start(_ contactId: Int64, at position: LifecycleStages.Position) {
        positions[contactId] = position
    }

    mutating func apply(_ stage: String, contactId: Int64, event: String, eventId: Int64, time: Int64) {
        let position = positions[contactId] ?? LifecycleStages.Position(stage: nil, time: 0, eventId: 0)
        guard let next = stages.apply(stage, time: time, eventId: eventId, to: position) else { return }
        changed.insert(contactId)
        positions[contactId] = next
        guard next.stage != position.stage else { return }
        history.append((contactId, StageChange(from: position.stage, to: stage, event: event, eventId: eventId, time: time)))
    }

    func write(_ connection: PostgresConnection, workspaceId: Int64, _ logger: Logger) async throws {
        let ids = Array(changed)
        if !ids.isEmpty {
            let moved = ids.map { positions[$0]! }
            try await connection.run("""
                UPDATE contacts c SET stage = m.stage, stage_time = m.time, stage_event_id = m.event_id
                FROM UNNEST(\(ids), \(NullableArray(moved.map(\.stage))), \(moved.map(\.time)), \(moved.map(\.eventId)))
                    AS m(id, stage, time, event_id)
                WHERE c.workspace_id = \(workspaceId) AND c.id = m.id AND c.id = ANY(\(ids))
                """, logger)
        }
        if !history.isEmpty {
            // WITH ORDINALITY and ORDER BY: the history's ids follow the order of the changes.
            try await connection.run("""
                INSERT INTO stage_history (workspace_id, contact_id, from_stage, to_stage, event, event_id, time)
                SELECT \(workspaceId), h.contact_id, h.from_stage, h.to_stage, h.event, h.event_id, h.time
                FROM UNNEST(\(history.map(\.contactId)), \(NullableArray(history.map(\.change.from))), \(history.map(\.change.to)),
                    \(history.map(\.change.event)), \(history.map(\.change.eventId)), \(history.map(\.change.time)))
                    WITH ORDINALITY AS h(contact_id, from_stage, to_stage, event, event_id, time, n)
                ORDER BY h.n
                """, logger)
        }
    }
}
