import GRDB
import TernCore

extension SQLiteStore {
    public func definitions(_ query: DefinitionQuery) async throws -> DefinitionPage {
        var sql = Self.definitionSelect + " WHERE d.workspace_id = ?"
        var arguments: StatementArguments = [query.workspaceId]
        if let search = query.search?.lowercased(), !search.isEmpty {
            // instr, not LIKE: `_` and `%` in a search are plain characters. Ids are ASCII; name_key is lower-cased.
            sql += " AND (instr(lower(d.id), ?) > 0 OR instr(d.name_key, ?) > 0)"
            arguments += [search, search]
        }
        switch query.group {
        case .id(let id):
            sql += " AND d.group_id = ?"
            arguments += [id]
        case .name(let name):
            sql += " AND g.name_key = ?"
            arguments += [name.lowercased()]
        case .ungrouped:
            sql += " AND d.group_id IS NULL"
        case nil:
            break
        }
        if let system = query.system {
            sql += " AND d.system = ?"
            arguments += [system]
        }
        if let direction = query.direction {
            sql += " AND d.direction = ?"
            arguments += [direction.rawValue]
        }
        if let cursor = query.cursor {
            sql += " AND (d.system < ? OR (d.system = ? AND d.name_key > ?))"
            arguments += [cursor.system, cursor.system, cursor.nameKey]
        }
        sql += " ORDER BY d.system DESC, d.name_key LIMIT ?"
        arguments += [query.limit + 1]
        let (finalSQL, finalArguments) = (sql, arguments)
        var definitions = try await pool.read { db in
            try Row.fetchAll(db, sql: finalSQL, arguments: finalArguments).map(Self.definition(from:))
        }
        let hasMore = definitions.count > query.limit
        if hasMore { definitions.removeLast() }
        return DefinitionPage(
            definitions: definitions, nextCursor: definitions.last.map(DefinitionCursor.init(after:)) ?? query.cursor,
            hasMore: hasMore)
    }
}
