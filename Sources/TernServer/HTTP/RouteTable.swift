import HTTPTypes
import Hummingbird

/// Registers routes on the router and remembers them, so the OpenAPI document can be checked
/// against what is really served.
final class RouteTable {
    typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response

    let router: Router<BasicRequestContext>
    private(set) var routes: [ServedRoute] = []

    init(router: Router<BasicRequestContext>) { self.router = router }

    func add(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        routes.append(ServedRoute(method: method.rawValue, path: path))
        router.on(RouterPath(path), method: method) { request, context in try await handler(request, context) }
    }
}

/// A method and path the server answers.
public struct ServedRoute: Hashable, Sendable {
    public var method: String
    /// In Hummingbird's form: `/v1/contacts/:id`.
    public var path: String
}

extension Request {
    /// A query parameter, nil when absent or empty.
    func query(_ name: String) -> String? {
        guard let value = uri.queryParameters[Substring(name)], !value.isEmpty else { return nil }
        return String(value)
    }
}
