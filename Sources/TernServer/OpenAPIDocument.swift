/// The OpenAPI 3.1 document of Tern's HTTP API. A test checks that it lists every route served.
enum OpenAPIDocument {
    static let json = #"""
    {"openapi": "3.1.0", "info": {"title": "Tern", "version": "0.1.0"}, "paths": {}}
    """#
}
