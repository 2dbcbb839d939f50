import HTTPTypes
import Hummingbird

/// Registers routes on the router and remembers them, so the OpenAPI document can be checked
/// against what is really served.
final class RouteTable {
    struct Route: Hashable, Sendable {
        var method: HTTPRequest.Method
        /// In Hummingbird's form: `/v1/contacts/:id`.
        var path: String
    }

    typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response

    let router: Router<BasicRequestContext>
    private(set) var routes: [Route] = []

    init(router: Router<BasicRequestContext>) { self.router = router }

    func add(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        routes.append(Route(method: method, path: path))
        router.on(RouterPath(path), method: method) { request, context in try await handler(request, context) }
    }
}

extension Request {
    /// A query parameter, nil when absent or empty.
    func query(_ name: String) -> String? {
        guard let value = uri.queryParameters[Substring(name)], !value.isEmpty else { return nil }
        return String(value)
    }
}
