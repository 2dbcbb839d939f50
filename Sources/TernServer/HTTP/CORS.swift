import HTTPTypes
import Hummingbird
import TernStore

/// Cross-origin rules for the ingestion routes, which web pages call with a write key.
///
/// Preflights are answered for any origin (they carry no key, so the workspace is unknown);
/// the real request is then checked against the workspace's allowed origins.
enum CORS {
    static let allowedHeaders = "Authorization, Content-Type, Content-Encoding, X-Tern-Source"

    static func preflight(_ request: Request) -> Response {
        var headers: HTTPFields = [
            .accessControlAllowMethods: "POST, OPTIONS",
            .accessControlAllowHeaders: allowedHeaders,
            .accessControlMaxAge: "86400",
            .vary: "Origin",
        ]
        if let origin = request.headers[.origin] { headers[.accessControlAllowOrigin] = origin }
        return Response(status: .noContent, headers: headers)
    }

    /// Throws 403 when the request comes from a page whose origin the workspace does not allow.
    /// Reads the workspace's settings only for requests from a page (with an Origin): SDKs on
    /// servers and apps send none, and ingestion should not pay a read for them.
    static func check(_ request: Request, workspaceId: Int64, store: any Store) async throws {
        guard let origin = request.headers[.origin],
              let allowed = try await store.settings(workspaceId: workspaceId).allowedOrigins
        else { return }
        if !allowed.contains(origin) {
            throw Problem.forbidden("Pages from \(origin.prefix(200)) may not send events to this workspace.")
        }
    }

    /// Adds the headers that let the calling page read the answer.
    static func allow(_ response: inout Response, for request: Request) {
        guard let origin = request.headers[.origin] else { return }
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.vary] = "Origin"
    }
}
