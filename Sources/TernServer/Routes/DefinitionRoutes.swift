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

    /// Filters: `q` (substring of id or name, any case), `group`, `system` (`true`/`false`), `direction`.
    @Sendable func list(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        var errors: [FieldError] = []
        var system: Bool?
        if let raw = request.query("system") {
            system = raw == "true" ? true : raw == "false" ? false : nil
            if system == nil { errors.append(FieldError(field: "system", message: "must be true or false")) }
        }
        var direction: Direction?
        if let raw = request.query("direction") {
            direction = Direction(rawValue: raw)
            if direction == nil { errors.append(FieldError(field: "direction", message: "must be inbound or outbound")) }
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let q = request.query("q")?.lowercased()
        let group = request.query("group")
        let items = try await services.store.definitions(workspaceId: grant.workspaceId).filter { definition in
            (q == nil || definition.id.lowercased().contains(q!) || definition.name.lowercased().contains(q!))
                && (group == nil || definition.group == group)
                && (system == nil || definition.system == system)
                && (direction == nil || definition.direction == direction)
        }
        return .json(.object(["items": .array(items.map(\.json))]))
    }

    @Sendable func create(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let definition = try EventDefinition.create(from: try await request.decodeJSON(limit: BodyLimit.event), now: services.now())
        try await services.store.createDefinition(definition, workspaceId: grant.workspaceId)
        try await services.definitions.reload(workspaceId: grant.workspaceId)
        return .json(definition.json, status: .created)
    }

    @Sendable func get(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        return .json(try await existing(context, grant).json)
    }

    @Sendable func update(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let current = try await existing(context, grant)
        let updated = try current.patched(with: try await request.decodeJSON(limit: BodyLimit.event), now: services.now())
        try await services.store.updateDefinition(updated, workspaceId: grant.workspaceId)
        try await services.definitions.reload(workspaceId: grant.workspaceId)
        return .json(updated.json)
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
