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
