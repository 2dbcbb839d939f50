import Foundation
import PostgresNIO
import TernStore

/// The PostgreSQL database tests may use, named by `TERN_TEST_POSTGRES_URL`
/// (e.g. `postgres://tern:tern@127.0.0.1:5432/tern_test`). Each test gets a schema of its own,
/// dropped when it ends; without the variable the PostgreSQL runs are skipped.
public enum PostgresTestDatabase {
    public static let url: String? = {
        let url = ProcessInfo.processInfo.environment["TERN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if url == nil {
            print("TernTestSupport: TERN_TEST_POSTGRES_URL is not set; the PostgreSQL runs of the store contract and API tests are skipped.")
        }
        return url
    }()

    public static var isConfigured: Bool { url != nil }

    /// Why the PostgreSQL tests did not run, for `.enabled(if:_:)`.
    public static let skipReason = "TERN_TEST_POSTGRES_URL is not set: PostgreSQL runs are skipped"

    /// A configuration of the test database with a new, empty schema.
    public static func freshConfiguration() throws -> PostgresStore.Configuration {
        guard let url else { throw PostgresTestDatabaseError.notConfigured }
        var configuration = try PostgresStore.Configuration(url: url)
        try configuration.setSchema("tern_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))
        // Tests run in parallel; a small pool each keeps the total under the server's max_connections.
        configuration.client.options.maximumConnections = 4
        return configuration
    }

    /// Drops the configuration's schema and everything in it, through a client that must be running.
    public static func dropSchema(of configuration: PostgresStore.Configuration, client: PostgresClient) async throws {
        guard let schema = configuration.schema else { return }
        // The schema name was generated above: letters, digits and _ only.
        try await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"))
    }

    /// Runs `body` with a PostgreSQL store that never reaches its database: nothing listens on port 1,
    /// so every connection is refused and the pool keeps retrying. Needs no test database.
    public static func withUnreachableStore(
        leaseTimeout: Duration? = nil, _ body: @escaping @Sendable (PostgresStore) async throws -> Void
    ) async throws {
        var configuration = try PostgresStore.Configuration(url: "postgres://tern@127.0.0.1:1/tern?sslmode=disable")
        if let leaseTimeout { configuration.leaseTimeout = leaseTimeout }
        let store = PostgresStore(configuration)
        let pool = Task { await store.client.run() }
        defer { pool.cancel() }
        try await body(store)
    }

    /// At most this many PostgreSQL-backed tests hold a store at once.
    public static let slots = Slots(8)
}

public enum PostgresTestDatabaseError: Error {
    case notConfigured
}

/// A counting semaphore for async code.
public actor Slots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(_ count: Int) { free = count }

    public func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    public func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
