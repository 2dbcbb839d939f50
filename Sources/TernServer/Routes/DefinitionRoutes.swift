import Hummingbird
import TernCore
import TernStore

/// The tracking plan: `/v1/event-definitions`.
struct DefinitionRoutes {
    let services: TernServices
    init(_ services: TernServices) { self.services = services }

    func register(in table: RouteTable) {
        table.add(.get, "/v1/event-definitions", list)
        table.add(.post, "/v1/event-definitions", create)
        table.add(.get, "/v1/event-definitions/:id", get)
        table.add(.patch, "/v1/event-definitions/:id", update)
        table.add(.delete, "/v1/event-definitions/:id", delete)
    }

    /// Search: `q` (substring of id or name, any case), `group` (a group's name, any case) or `groupId`
    /// (`grp_N`, or `null` for ungrouped events), `system` (`true`/`false`), `direction`; all combine.
    /// System definitions first, then by name; pages of `limit` with `cursor`.
    @Sendable func list(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        var query = DefinitionQuery(workspaceId: grant.workspaceId)
        var errors: [FieldError] = []
        if let raw = request.query("system") {
            query.system = raw == "true" ? true : raw == "false" ? false : nil
            if query.system == nil { errors.append(FieldError(field: "system", message: "must be true or false")) }
        }
        if let raw = request.query("direction") {
            query.direction = Direction(rawValue: raw)
            if query.direction == nil { errors.append(FieldError(field: "direction", message: "must be inbound or outbound")) }
        }
        if let q = request.query("q") {
            if q.unicodeScalars.count > 100 { errors.append(FieldError(field: "q", message: "is longer than 100 characters")) }
            query.search = q
        }
        if let name = request.query("group") { query.group = .name(name) }
        if let raw = request.query("groupId") {
            if query.group != nil {
                errors.append(FieldError(field: "groupId", message: "give group or groupId, not both"))
            } else if raw == "null" {
                query.group = .ungrouped
            } else if let id = EventGroupID.parse(raw) {
                query.group = .id(id)
            } else {
                errors.append(FieldError(field: "groupId", message: "must be a group id such as grp_1, or null"))
            }
        }
        if let token = request.query("cursor") {
            query.cursor = DefinitionCursor(token: token)
            if query.cursor == nil { errors.append(FieldError(field: "cursor", message: "is not a cursor returned by this API")) }
        }
        do { query.limit = try PageQuery.limit(request) } catch let failure as ValidationFailure { errors += failure.errors }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let page = try await services.store.definitions(query)
        return .json(.object([
            "items": .array(page.definitions.map(\.json)),
            "nextCursor": page.nextCursor.map { .string($0.token) } ?? .null,
            "hasMore": .bool(page.hasMore),
        ]))
    }

    @Sendable func create(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let definition = try EventDefinition.create(from: try await request.decodeJSON(limit: BodyLimit.event), now: services.now())
        try await services.store.createDefinition(definition, workspaceId: grant.workspaceId)
        try await services.definitions.reload(workspaceId: grant.workspaceId)
        // Read back: naming an existing group in another case shows the group's own spelling.
        let stored = try await services.store.definition(workspaceId: grant.workspaceId, id: definition.id) ?? definition
        return .json(stored.json, status: .created)
    }

    @Sendable func get(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        return .json(try await existing(context, grant).json)
    }

    @Sendable func update(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let current = try await existing(context, grant)
        let body = try await request.decodeJSON(limit: BodyLimit.event)
        let now = services.now()
        // Patched inside the store's transaction: a concurrent PATCH of another field is not undone.
        guard let stored = try await services.store.updateDefinition(workspaceId: grant.workspaceId, id: current.id, { stored in
            try stored.patched(with: body, now: now)
        }) else {
            throw Problem.notFound("No event definition \"\(current.id.prefix(100))\".")
        }
        try await services.definitions.reload(workspaceId: grant.workspaceId)
        return .json(stored.json)
    }

    @Sendable func delete(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let current = try await existing(context, grant)
        if current.system {
            throw Problem.conflict("System events cannot be deleted; their score and stage may be edited.")
        }
        guard try await services.store.deleteDefinition(workspaceId: grant.workspaceId, id: current.id) else {
            throw Problem.notFound("No event definition \"\(current.id)\".")
        }
        try await services.definitions.reload(workspaceId: grant.workspaceId)
        return Response(status: .noContent)
    }

    private func existing(_ context: BasicRequestContext, _ grant: KeyGrant) async throws -> EventDefinition {
        let id = context.parameters.get("id") ?? ""
        guard let definition = try await services.store.definition(workspaceId: grant.workspaceId, id: id) else {
            throw Problem.notFound("No event definition \"\(id.prefix(100))\".")
        }
        return definition
    }
}
