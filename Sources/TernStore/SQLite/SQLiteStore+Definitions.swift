import Foundation
import GRDB
import TernCore

extension SQLiteStore {
    public func definitions(workspaceId: Int64) async throws -> [EventDefinition] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: Self.definitionSelect + " WHERE d.workspace_id = ? ORDER BY d.system DESC, d.name_key",
                arguments: [workspaceId]
            ).map(Self.definition(from:))
        }
    }

    public func definition(workspaceId: Int64, id: String) async throws -> EventDefinition? {
        try await pool.read { db in try Self.fetchDefinition(db, workspaceId: workspaceId, id: id) }
    }

    private static func fetchDefinition(_ db: Database, workspaceId: Int64, id: String) throws -> EventDefinition? {
        try Row.fetchOne(db, sql: definitionSelect + " WHERE d.workspace_id = ? AND d.id = ?", arguments: [workspaceId, id])
            .map(definition(from:))
    }

    public func createDefinition(_ definition: EventDefinition, workspaceId: Int64) async throws {
        try await pool.write { db in
            if try Bool.fetchOne(
                db, sql: "SELECT 1 FROM event_definitions WHERE workspace_id = ? AND id = ?", arguments: [workspaceId, definition.id]
            ) != nil {
                throw StoreError.conflict(field: "id", message: "an event definition with id \"\(definition.id)\" already exists")
            }
            try Self.checkNameIsFree(db, definition, workspaceId: workspaceId)
            try Self.insertDefinition(db, definition, workspaceId: workspaceId)
        }
    }

    public func updateDefinition(
        workspaceId: Int64, id: String, _ change: @Sendable (EventDefinition) throws -> EventDefinition
    ) async throws -> EventDefinition? {
        try await pool.write { db in
            guard let current = try Self.fetchDefinition(db, workspaceId: workspaceId, id: id) else { return nil }
            var definition = try change(current)
            definition.id = current.id
            try Self.checkNameIsFree(db, definition, workspaceId: workspaceId)
            try Self.checkStageExists(db, definition, workspaceId: workspaceId)
            try db.execute(
                sql: """
                    UPDATE event_definitions SET name = ?, name_key = ?, direction = ?, score = ?, stage = ?, group_id = ?,
                        description = ?, properties = ?, updated_at = ?
                    WHERE workspace_id = ? AND id = ?
                    """,
                arguments: [
                    definition.name, definition.name.lowercased(), definition.direction.rawValue, definition.score,
                    definition.stage, try Self.groupID(db, named: definition.group, workspaceId: workspaceId, now: definition.updatedAt),
                    definition.description, try Self.propertiesText(definition), definition.updatedAt, workspaceId, definition.id,
                ])
            return try Self.fetchDefinition(db, workspaceId: workspaceId, id: id)
        }
    }

    public func deleteDefinition(workspaceId: Int64, id: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM event_definitions WHERE workspace_id = ? AND id = ? AND system = 0", arguments: [workspaceId, id])
            return db.changesCount > 0
        }
    }

    static func insertDefinition(_ db: Database, _ definition: EventDefinition, workspaceId: Int64) throws {
        try checkStageExists(db, definition, workspaceId: workspaceId)
        try db.execute(
            sql: """
                INSERT INTO event_definitions (workspace_id, id, name, name_key, direction, score, stage, group_id,
                    description, properties, system, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                workspaceId, definition.id, definition.name, definition.name.lowercased(), definition.direction.rawValue,
                definition.score, definition.stage,
                try groupID(db, named: definition.group, workspaceId: workspaceId, now: definition.updatedAt), definition.description,
                try propertiesText(definition), definition.system, definition.createdAt, definition.updatedAt,
            ])
    }

    private static func checkNameIsFree(_ db: Database, _ definition: EventDefinition, workspaceId: Int64) throws {
        if let other = try String.fetchOne(
            db, sql: "SELECT id FROM event_definitions WHERE workspace_id = ? AND name_key = ? AND id != ?",
            arguments: [workspaceId, definition.name.lowercased(), definition.id])
        {
            throw StoreError.conflict(field: "name", message: "the name \"\(definition.name)\" is already used by \(other)")
        }
    }

    /// A definition may only push a stage of the workspace's list.
    private static func checkStageExists(_ db: Database, _ definition: EventDefinition, workspaceId: Int64) throws {
        guard let stage = definition.stage else { return }
        let stages = try settings(db, workspaceId: workspaceId).stages.stages
        if !stages.contains(stage) {
            throw ValidationFailure(field: "stage", message: "must be one of the workspace's stages: \(stages.joined(separator: ", "))")
        }
    }

    static func propertiesText(_ definition: EventDefinition) throws -> String {
        String(decoding: try JSONEncoder().encode(definition.properties), as: UTF8.self)
    }

    static func definition(from row: Row) throws -> EventDefinition {
        let propertiesText: String = row["properties"]
        return EventDefinition(
            id: row["id"], name: row["name"], direction: Direction(rawValue: row["direction"]) ?? .inbound,
            score: row["score"], stage: row["stage"], group: row["group_name"], groupId: row["group_id"], description: row["description"],
            properties: try JSONDecoder().decode([PropertyDefinition].self, from: Data(propertiesText.utf8)),
            system: row["system"], createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
