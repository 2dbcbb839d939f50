import Hummingbird
import TernCore
import TernStore

/// What events happen on, with content tags: `/v1/materials`. An event naming a material
/// (`"materialId"`) carries the material's tags as well as its own.
struct MaterialRoutes {
    let services: TernServices
    init(_ services: TernServices) { self.services = services }

    func register(in table: RouteTable) {
        table.add(.get, "/v1/materials", list)
        table.add(.get, "/v1/materials/:id", get)
        table.add(.put, "/v1/materials/:id", put)
        table.add(.delete, "/v1/materials/:id", delete)
    }

    /// Materials in id order, a page at a time (`limit`, `cursor`: the last id of the previous page).
    @Sendable func list(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let limit = try PageQuery.limit(request)
        let cursor = request.query("cursor")
        if let cursor, !MaterialID.isValid(cursor) { throw ValidationFailure(field: "cursor", message: "is not a cursor") }
        let materials = try await services.store.materials(workspaceId: grant.workspaceId, after: cursor, limit: limit + 1)
        return .json(await PageQuery.page(materials, limit: limit, request: request, cursor: \.id) { $0.map(\.json) })
    }

    @Sendable func get(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        guard let material = try await services.store.material(workspaceId: grant.workspaceId, id: try Self.materialID(context)) else {
            throw Self.notFound(context)
        }
        return .json(material.json)
    }

    /// Creates the material (201) or replaces its name and tags (200). Events already recorded keep
    /// the tags they were recorded with.
    @Sendable func put(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        guard let id = context.parameters.get("id"), MaterialID.isValid(id) else {
            throw ValidationFailure(field: "id", message: MaterialID.rule)
        }
        let input = try Material.input(from: try await request.decodeJSON(limit: BodyLimit.event))
        let result = try await services.store.putMaterial(
            workspaceId: grant.workspaceId, id: id, name: input.name, contentTags: input.contentTags, now: services.now())
        return .json(result.material.json, status: result.created ? .created : .ok)
    }

    /// Deletes the material; events recorded on it keep its tags, and new events naming it are refused.
    @Sendable func delete(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        guard try await services.store.deleteMaterial(workspaceId: grant.workspaceId, id: try Self.materialID(context)) else {
            throw Self.notFound(context)
        }
        return Response(status: .noContent)
    }

    static func materialID(_ context: BasicRequestContext) throws -> String {
        guard let id = context.parameters.get("id"), MaterialID.isValid(id) else { throw notFound(context) }
        return id
    }

    static func notFound(_ context: BasicRequestContext) -> Problem {
        .notFound("No material \"\((context.parameters.get("id") ?? "").prefix(40))\".")
    }
}

extension Material {
    var json: JSONValue {
        .object([
            "id": .string(id),
            "name": .string(name),
            "contentTags": .array(contentTags.map(JSONValue.string)),
            "createdAt": .string(Timestamp.iso8601(createdAt)),
            "updatedAt": .string(Timestamp.iso8601(updatedAt)),
        ])
    }
}
