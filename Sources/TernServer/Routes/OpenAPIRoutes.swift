import Hummingbird
import NIOCore

/// Serves the OpenAPI 3.1 document describing every route.
struct OpenAPIRoutes {
    func register(in table: RouteTable) {
        table.add(.get, "/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
    }
}
