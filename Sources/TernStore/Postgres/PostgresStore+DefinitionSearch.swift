import PostgresNIO
import TernCore

extension PostgresStore {
    public func definitions(_ query: DefinitionQuery) async throws -> DefinitionPage {
        let texts = [query.search, query.cursor?.nameKey, { if case .name(let name) = query.group { name } else { nil } }()]
        if texts.contains(where: { $0.map(PostgresText.holdsNUL) ?? false }) {
            // No definition or group holds U+0000, which PostgreSQL text cannot carry.
            return DefinitionPage(definitions: [], nextCursor: query.cursor, hasMore: false)
        }
        var sql = QueryBuilder(Self.definitionSelect)
        sql.append(" WHERE d.workspace_id = \(sql.bind(query.workspaceId))")
        if let search = query.search?.lowercased(), !search.isEmpty {
            // strpos, not LIKE: `_` and `%` in a search are plain characters. Ids are ASCII; name_key is lower-cased.
            let placeholder = sql.bind(search)
            sql.append(" AND (strpos(lower(d.id), \(placeholder)) > 0 OR strpos(d.name_key, \(placeholder)) > 0)")
        }
        switch query.group {
        case .id(let id): sql.append(" AND d.group_id = \(sql.bind(id))")
        case .name(let name): sql.append(" AND g.name_key = \(sql.bind(name.lowercased()))")
        case .ungrouped: sql.append(" AND d.group_id IS NULL")
        case nil: break
        }
        if let system = query.system { sql.append(" AND d.system = \(sql.bind(system))") }
        if let direction = query.direction { sql.append(" AND d.direction = \(sql.bind(direction.rawValue))") }
        if let cursor = query.cursor {
            let system = sql.bind(cursor.system)
            sql.append(" AND (d.system < \(system) OR (d.system = \(system) AND d.name_key > \(sql.bind(cursor.nameKey))))")
        }
        sql.append(" ORDER BY d.system DESC, d.name_key LIMIT \(sql.bind(query.limit + 1))")
        let finalQuery = sql.query
        var definitions = try await read { connection in
            try await connection.all(finalQuery, logger).map(Self.definition(from:))
        }
        let hasMore = definitions.count > query.limit
        if hasMore { definitions.removeLast() }
        return DefinitionPage(
            definitions: definitions, nextCursor: definitions.last.map(DefinitionCursor.init(after:)) ?? query.cursor,
            hasMore: hasMore)
    }
}
