import PostgresNIO
import TernCore

extension PostgresStore {
    public func importDefinitions(_ definitions: [EventDefinition], workspaceId: Int64) async throws -> DefinitionImportOutcome {
        var textProblems: [FieldError] = []
        for (index, definition) in definitions.enumerated() {
            do { try Self.checkText(definition) } catch {
                textProblems += error.errors.map { FieldError(field: "definitions[\(index)].\($0.field)", message: $0.message) }
            }
        }
        if !textProblems.isEmpty { throw ValidationFailure(textProblems) }
        return try await transaction { connection in
            // Checked again inside the transaction: the file was checked against a snapshot that may be stale.
            var takenIDs = Set<String>()
            var takenNames: [String: String] = [:]
            for row in try await connection.all(
                "SELECT id, name_key FROM event_definitions WHERE workspace_id = \(workspaceId)", logger)
            {
                let (id, nameKey) = try row.decode((String, String).self)
                takenIDs.insert(id)
                takenNames[nameKey] = id
            }
            var problems: [BatchItemProblem] = []
            for (index, definition) in definitions.enumerated() {
                if !takenIDs.insert(definition.id).inserted {
                    problems.append(BatchItemProblem(
                        index: index, field: "id", message: "an event definition with id \"\(definition.id)\" already exists"))
                }
                let nameKey = definition.name.lowercased()
                if let other = takenNames[nameKey] {
                    problems.append(BatchItemProblem(
                        index: index, field: "name", message: "the name \"\(definition.name)\" is already used by \(other)"))
                } else {
                    takenNames[nameKey] = definition.id
                }
            }
            guard problems.isEmpty else { return .conflicts(problems) }

            var knownGroups = Set(try await connection.all(
                "SELECT name_key FROM event_groups WHERE workspace_id = \(workspaceId)", logger
            ).map { try $0.decode(String.self) })
            var groupsCreated: [String] = []
            for definition in definitions {
                if let group = definition.group, knownGroups.insert(group.lowercased()).inserted { groupsCreated.append(group) }
                try await Self.insertDefinition(connection, definition, workspaceId: workspaceId, logger)
            }
            return .created(groupsCreated: groupsCreated)
        }
    }

    public func restoreSystemDefaults(workspaceId: Int64, now: Int64) async throws -> [SystemDefaultChange] {
        try await transaction { connection in
            let current = try await connection.all(
                PostgresQuery(unsafeSQL: Self.definitionSelect + " WHERE d.workspace_id = $1 AND d.system", binds: Self.binds(workspaceId)),
                logger
            ).map(Self.definition(from:))
            let changes = SystemCatalog.changesToRestore(current)
            for change in changes {
                try await connection.run("""
                    UPDATE event_definitions SET score = \(change.defaultScore), stage = \(change.defaultStage), updated_at = \(now)
                    WHERE workspace_id = \(workspaceId) AND id = \(change.id) AND system
                    """, logger)
            }
            return changes
        }
    }
}
