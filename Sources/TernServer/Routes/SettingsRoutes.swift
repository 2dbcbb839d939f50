import Hummingbird
import TernCore
import TernStore

/// A workspace's engagement settings: `/v1/settings/…`.
struct SettingsRoutes {
    let services: TernServices
    init(_ services: TernServices) { self.services = services }

    func register(in table: RouteTable) {
        table.add(.get, "/v1/settings/activeness-levels", getLevels)
        table.add(.put, "/v1/settings/activeness-levels", putLevels)
        table.add(.get, "/v1/settings/stages", getStages)
        table.add(.put, "/v1/settings/stages", putStages)
        table.add(.get, "/v1/settings/allowed-origins", getOrigins)
        table.add(.put, "/v1/settings/allowed-origins", putOrigins)
    }

    @Sendable func getOrigins(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let origins = try await services.store.settings(workspaceId: grant.workspaceId).allowedOrigins
        return .json(.object(["origins": origins.map { .array($0.map(JSONValue.string)) } ?? .null]))
    }

    /// `{"origins": ["https://shop.example"]}` limits which web pages may send events with the
    /// workspace's write key; `{"origins": null}` allows any.
    @Sendable func putOrigins(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        var reader = try JSONObjectReader(try await request.decodeJSON(limit: BodyLimit.event))
        let items = reader.array("origins")
        reader.rejectUnknownMembers()
        var origins: [String]?
        if let items {
            origins = []
            for (i, item) in items.prefix(100).enumerated() {
                guard case .string(let origin) = item, Self.isOrigin(origin) else {
                    reader.errors.append(FieldError(field: "origins[\(i)]", message: "must be an origin such as https://shop.example"))
                    continue
                }
                origins?.append(origin)
            }
            if items.count > 100 { reader.fail("origins", "at most 100 origins") }
        }
        try reader.check()
        try await services.store.updateAllowedOrigins(origins, workspaceId: grant.workspaceId)
        return .json(.object(["origins": origins.map { .array($0.map(JSONValue.string)) } ?? .null]))
    }

    /// `scheme://host[:port]`, nothing more: what browsers send in the Origin header.
    static func isOrigin(_ text: String) -> Bool {
        guard text.hasPrefix("http://") || text.hasPrefix("https://"), text.count <= 255 else { return false }
        let rest = text.split(separator: "/", omittingEmptySubsequences: false)
        return rest.count == 3 && !rest[2].isEmpty && !text.contains(where: { $0.isWhitespace })
    }

    @Sendable func getLevels(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        return .json(try await services.store.settings(workspaceId: grant.workspaceId).activenessLevels.json)
    }

    @Sendable func putLevels(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let levels = try ActivenessLevels.read(try await request.decodeJSON(limit: BodyLimit.event))
        try await services.store.updateActivenessLevels(levels, workspaceId: grant.workspaceId)
        return .json(levels.json)
    }

    @Sendable func getStages(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        return .json(try await services.store.settings(workspaceId: grant.workspaceId).stages.json)
    }

    @Sendable func putStages(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let stages = try LifecycleStages.read(try await request.decodeJSON(limit: BodyLimit.event))
        try await services.store.updateStages(stages, workspaceId: grant.workspaceId)
        return .json(stages.json)
    }
}
