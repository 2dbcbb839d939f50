import GRDB
import TernCore

extension SQLiteStore {
    public func importDefinitions(_ definitions: [EventDefinition], workspaceId: Int64) async throws -> DefinitionImportOutcome {
        try await pool.write { db in
            // Checked again inside the transaction: the file was checked against a snapshot that may be stale.
            var takenIDs = Set(try String.fetchAll(
                db, sql: "SELECT id FROM event_definitions WHERE workspace_id = ?", arguments: [workspaceId]))
            var takenNames: [String: String] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT name_key, id FROM event_definitions WHERE workspace_id = ?", arguments: [workspaceId])
            {
                takenNames[row["name_key"]] = row["id"]
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

            var knownGroups = Set(try String.fetchAll(
                db, sql: "SELECT name_key FROM event_groups WHERE workspace_id = ?", arguments: [workspaceId]))
            var groupsCreated: [String] = []
            for definition in definitions {
                if let group = definition.group, knownGroups.insert(group.lowercased()).inserted { groupsCreated.append(group) }
                try Self.insertDefinition(db, definition, workspaceId: workspaceId)
            }
            return .created(groupsCreated: groupsCreated)
        }
    }

    public func restoreSystemDefaults(workspaceId: Int64, now: Int64) async throws -> [SystemDefaultChange] {
        try await pool.write { db in
            let current = try Row.fetchAll(
                db, sql: Self.definitionSelect + " WHERE d.workspace_id = ? AND d.system = 1", arguments: [workspaceId]
            ).map(Self.definition(from:))
            let changes = SystemCatalog.changesToRestore(current)
            let restore = try db.cachedStatement(
                sql: "UPDATE event_definitions SET score = ?, stage = ?, updated_at = ? WHERE workspace_id = ? AND id = ? AND system = 1")
            for change in changes {
                try restore.execute(arguments: [change.defaultScore, change.defaultStage, now, workspaceId, change.id])
            }
            return changes
        }
    }
}
