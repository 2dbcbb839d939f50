import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import TernCore
import TernServer
import TernStore
import TernTestSupport

/// A Tern router over a fresh store with two workspaces and a clock the test controls: SQLite in
/// a temporary directory, or a new schema of the test PostgreSQL database when
/// `TERN_TEST_API_STORE=postgres` (see `APITestStore`).
struct Harness: Sendable {
    let store: any Store
    /// Every route the server answers.
    let routes: [ServedRoute]
    let clock: TestClock
    let a: WorkspaceCredentials
    let b: WorkspaceCredentials
    /// The SQLite store's directory; empty on PostgreSQL.
    let directory: String
    /// The PostgreSQL store's client and schema, ended by ``run(_:)``.
    private let postgres: RunningPostgresStore?

    static let start: Int64 = 1_795_600_000_000  // 2026-11-24T...Z

    init() async throws {
        switch APITestStore.kind {
        case .sqlite:
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-test-\(UUID().uuidString)").path
            store = try SQLiteStore(directory: directory)
            postgres = nil
        case .postgres:
            let running = try await RunningPostgresStore.start(now: Self.start)
            directory = ""
            store = running.store
            postgres = running
        }
        clock = TestClock(Self.start)
        routes = TernRouter(store: store).routes
        do {
            a = try await store.createWorkspace(name: "A", now: Self.start)
            b = try await store.createWorkspace(name: "B", now: Self.start)
        } catch {
            await postgres?.finish()
            throw error
        }
    }

    /// Runs `body` against the router in process, without sockets. Call it once: when it ends it
    /// drops the test's PostgreSQL schema or removes its SQLite directory.
    func run(_ body: @Sendable (Client) async throws -> Void) async throws {
        let clock = self.clock
        let app = Application(router: TernRouter(store: store, now: { clock.now }).router)
        do {
            try await app.test(.router) { client in try await body(Client(raw: client, harness: self)) }
        } catch {
            await finish()
            throw error
        }
        await finish()
    }

    private func finish() async {
        await postgres?.finish()
        if !directory.isEmpty { try? FileManager.default.removeItem(atPath: directory) }
    }
}

extension ServedRoute {
    /// Routes a write key may call: recording events, natively or Segment-style.
    var isIngestion: Bool {
        method == "POST" && (path.hasPrefix("/v1/events") || Self.segmentPaths.contains(path))
    }

    /// Routes that need no key: documents, the tracker, the health check, CORS preflights.
    var isPublic: Bool { method == "OPTIONS" || ["/openapi.json", "/tern.js", "/health"].contains(path) }

    var isSegment: Bool { Self.segmentPaths.contains(path) }

    static let segmentPaths: Set<String> = Set(["track", "identify", "page", "screen", "group", "alias", "batch"].map { "/v1/\($0)" })
}

final class TestClock: Sendable {
    private let value: Mutex<Int64>
    init(_ start: Int64) { value = Mutex(start) }
    var now: Int64 { value.withLock { $0 } }
    func advance(millis: Int64) { value.withLock { $0 += millis } }
}

/// A response with its body parsed as JSON when it is JSON.
struct Reply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String
    var json: JSONValue? { try? JSONParser.parse(text) }
    var contentType: String? { headers[.contentType] }

    subscript(key: String) -> JSONValue? { json?[key] }

    /// The `field` of every entry of a problem's `errors`.
    var errorFields: [String] {
        json?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
    }

    var items: [JSONValue] { json?["items"]?.arrayValue ?? [] }
}

struct Client: Sendable {
    let raw: any TestClientProtocol
    let harness: Harness

    func send(
        _ method: HTTPRequest.Method, _ uri: String, key: String?, body: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        try await sendBytes(method, uri, key: key, bytes: body.map { Array($0.utf8) }, headers: extra)
    }

    func sendBytes(
        _ method: HTTPRequest.Method, _ uri: String, key: String?, bytes: [UInt8]?, headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if let key { headers[.authorization] = "Bearer \(key)" }
        if bytes != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let response = try await raw.executeRequest(
            uri: uri, method: method, headers: headers, body: bytes.map { ByteBuffer(bytes: $0) })
        return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    // Shorthands for workspace A's admin and write keys.
    func admin(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil) async throws -> Reply {
        try await send(method, uri, key: harness.a.adminKey, body: body)
    }

    func write(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil) async throws -> Reply {
        try await send(method, uri, key: harness.a.writeKey, body: body)
    }

    /// Defines `cl_order_completed` (inbound, score 10) with a number, a string, a timestamp
    /// and a URL property, in the workspace of `key` (A's admin key by default).
    @discardableResult
    func defineOrderCompleted(key: String? = nil) async throws -> Reply {
        try await send(.post, "/v1/event-definitions", key: key ?? harness.a.adminKey, body: """
            {"id": "cl_order_completed", "name": "Order completed", "direction": "inbound", "score": 10,
             "properties": [
               {"id": "cl_price", "name": "Price", "type": "number"},
               {"id": "cl_sku", "name": "SKU", "type": "string"},
               {"id": "cl_paid_at", "name": "Paid at", "type": "timestamp"},
               {"id": "cl_page", "name": "Page", "type": "url"}]}
            """)
    }
}
