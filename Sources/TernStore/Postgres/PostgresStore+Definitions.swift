import Foundation
import Logging
import PostgresNIO
import TernCore

extension PostgresStore {
    public func definitions(workspaceId: Int64) async throws -> [EventDefinition] {
        try await read { connection in
            try await connection.all(
                PostgresQuery(unsafeSQL: Self.definitionSelect + " WHERE d.workspace_id = $1 ORDER BY d.system DESC, d.name_key",
                              binds: Self.binds(workspaceId)), logger
            ).map(Self.definition(from:))
        }
    }

    public func definition(workspaceId: Int64, id: String) async throws -> EventDefinition? {
        if PostgresText.holdsNUL(id) { return nil }
        return try await read { connection in
            try await Self.fetchDefinition(connection, workspaceId: workspaceId, id: id, logger)
        }
    }

    public func createDefinition(_ definition: EventDefinition, workspaceId: Int64) async throws {
        try Self.checkText(definition)
        try await transaction { connection in
            if try await !connection.all(
                "SELECT 1 FROM event_definitions WHERE workspace_id = \(workspaceId) AND id = \(definition.id)", logger).isEmpty
            {
                throw StoreError.conflict(field: "id", message: "an event definition with id \"\(definition.id)\" already exists")
            }
            try await Self.checkNameIsFree(connection, definition, workspaceId: workspaceId, logger)
            try await Self.insertDefinition(connection, definition, workspaceId: workspaceId, logger)
        }
    }

    public func updateDefinition(
        workspaceId: Int64, id: String, _ change: @Sendable (EventDefinition) throws -> EventDefinition
    ) async throws -> EventDefinition? {
        if PostgresText.holdsNUL(id) { return nil }
        return try await transaction { connection in
            guard let current = try await Self.fetchDefinition(connection, workspaceId: workspaceId, id: id, lock: true, logger) else {
                return nil
            }
            var definition = try change(current)
            definition.id = current.id
            try Self.checkText(definition)
            try await Self.checkNameIsFree(connection, definition, workspaceId: workspaceId, logger)
            try await Self.checkStageExists(connection, definition, workspaceId: workspaceId, logger)
            let groupId = try await Self.groupID(
                connection, named: definition.group, workspaceId: workspaceId, now: definition.updatedAt, logger)
            let updated = try await connection.all("""
                UPDATE event_definitions SET name = \(definition.name), name_key = \(definition.name.lowercased()),
                    direction = \(definition.direction.rawValue), score = \(definition.score), stage = \(definition.stage),
                    group_id = \(groupId), description = \(definition.description),
                    properties = \(try Self.propertiesText(definition)), updated_at = \(definition.updatedAt)
                WHERE workspace_id = \(workspaceId) AND id = \(definition.id)
                RETURNING 1
                """, logger)
            if updated.isEmpty { throw StoreError.notFound }
            return try await Self.fetchDefinition(connection, workspaceId: workspaceId, id: id, logger)
        }
    }

    public func deleteDefinition(workspaceId: Int64, id: String) async throws -> Bool {
        if PostgresText.holdsNUL(id) { return false }
        return try await transaction { connection in
            try await !connection.all(
                "DELETE FROM event_definitions WHERE workspace_id = \(workspaceId) AND id = \(id) AND NOT system RETURNING 1",
                logger
            ).isEmpty
        }
    }

    // MARK: Inside a transaction

    /// Definitions with their group's name as the twelfth column, for ``definition(from:)``.
    static let definitionSelect = """
        SELECT d.id, d.name, d.direction, d.score, d.stage, d.description, d.properties, d.system, d.created_at,
            d.updated_at, d.group_id, g.name
        FROM event_definitions d LEFT JOIN event_groups g ON g.workspace_id = d.workspace_id AND g.id = d.group_id
        """

    static func binds(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
        var binds = PostgresBindings()
        for value in values { binds.append(value) }
        return binds
    }

    /// `lock`: the definition's row is held until the transaction ends, so a concurrent change
    /// waits and then reads this one's result.
    static func fetchDefinition(
        _ connection: PostgresConnection, workspaceId: Int64, id: String, lock: Bool = false, _ logger: Logger
    ) async throws -> EventDefinition? {
        let sql = definitionSelect + " WHERE d.workspace_id = $1 AND d.id = $2" + (lock ? " FOR UPDATE OF d" : "")
        return try await connection.all(PostgresQuery(unsafeSQL: sql, binds: binds(workspaceId, id)), logger).first.map(definition(from:))
    }

    static func insertDefinition(
        _ connection: PostgresConnection, _ definition: EventDefinition, workspaceId: Int64, _ logger: Logger
    ) async throws {
        try await checkStageExists(connection, definition, workspaceId: workspaceId, logger)
        let groupId = try await groupID(connection, named: definition.group, workspaceId: workspaceId, now: definition.updatedAt, logger)
        try await connection.run("""
            INSERT INTO event_definitions (workspace_id, id, name, name_key, direction, score, stage, group_id,
                description, properties, system, created_at, updated_at)
            VALUES (\(workspaceId), \(definition.id), \(definition.name), \(definition.name.lowercased()),
                \(definition.direction.rawValue), \(definition.score), \(definition.stage), \(groupId), \(definition.description),
                \(try propertiesText(definition)), \(definition.system), \(definition.createdAt), \(definition.updatedAt))
            """, logger)
    }

    /// Every string of a definition that becomes a text column.
    static func checkText(_ definition: EventDefinition) throws(ValidationFailure) {
        try PostgresText.check(definition.id, field: "id")
        try PostgresText.check(definition.name, field: "name")
        try PostgresText.check(definition.stage, field: "stage")
        try PostgresText.check(definition.group, field: "group")
        try PostgresText.check(definition.description, field: "description")
    }

    private static func checkNameIsFree(
        _ connection: PostgresConnection, _ definition: EventDefinition, workspaceId: Int64, _ logger: Logger
    ) async throws {
        if let row = try await connection.all("""
            SELECT id FROM event_definitions
            WHERE workspace_id = \(workspaceId) AND name_key = \(definition.name.lowercased()) AND id <> \(definition.id)
            """, logger).first
        {
            let other = try row.decode(String.self)
            throw StoreError.conflict(field: "name", message: "the name \"\(definition.name)\" is already used by \(other)")
        }
    }

    /// A definition may only push a stage of the workspace's list.
    private static func checkStageExists(
        _ connection: PostgresConnection, _ definition: EventDefinition, workspaceId: Int64, _ logger: Logger
    ) async throws {
        guard let stage = definition.stage else { return }
        let stages = try await settings(connection, workspaceId: workspaceId, logger).stages.stages
        if !stages.contains(stage) {
            throw ValidationFailure(field: "stage", message: "must be one of the workspace's stages: \(stages.joined(separator: ", "))")
        }
    }

    static func propertiesText(_ definition: EventDefinition) throws -> String {
        String(decoding: try JSONEncoder().encode(definition.properties), as: UTF8.self)
    }

    static func definition(from row: PostgresRow) throws -> EventDefinition {
        let (id, name, direction, score, stage, description, properties, system, createdAt, updatedAt, groupId, group) = try row.decode(
            (String, String, String, Int, String?, String?, String, Bool, Int64, Int64, Int64?, String?).self)
        return EventDefinition(
            id: id, name: name, direction: Direction(rawValue: direction) ?? .inbound, score: score, stage: stage,
            group: group, groupId: groupId, description: description,
            properties: try JSONDecoder().decode([PropertyDefinition].self, from: Data(properties.utf8)),
            system: system, createdAt: createdAt, updatedAt: updatedAt)
    }
}
