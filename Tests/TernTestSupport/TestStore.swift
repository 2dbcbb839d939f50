import Foundation
import PostgresNIO
import TernStore

/// The store implementations the contract suite runs against: SQLite always, PostgreSQL when
/// `TERN_TEST_POSTGRES_URL` is set.
public enum StoreKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public static var available: [StoreKind] { PostgresTestDatabase.isConfigured ? [.sqlite, .postgres] : [.sqlite] }

    public var description: String { rawValue }
}

/// A fresh, empty store for one test: a temporary SQLite directory, or a new schema in the test
/// PostgreSQL database (dropped when the test ends).
public struct TestStore: Sendable {
    /// Quiet: partitions and migrations are created all the time in tests.
    public static let logger: Logger = {
        var logger = Logger(label: "tern.test.postgres")
        logger.logLevel = .warning
        return logger
    }()

    public let kind: StoreKind
    public let store: any Store
    private let location: Location

    private enum Location: Sendable {
        case directory(String)
        case postgres(PostgresStore.Configuration, PostgresStore)
    }

    /// Runs `body` with a fresh store of `kind`; `activenessFoldInterval` replaces the store's own.
    public static func with<Result: Sendable>(
        _ kind: StoreKind, keepsRollups: Bool = true, activenessFoldInterval: Int? = nil, _ body: @Sendable (TestStore) async throws -> Result
    ) async throws -> Result {
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-store-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let store = try SQLiteStore(
                directory: directory, keepsRollups: keepsRollups,
                activenessFoldInterval: activenessFoldInterval.map(Int64.init) ?? SQLiteStore.defaultActivenessFoldInterval)
            return try await body(TestStore(kind: kind, store: store, location: .directory(directory)))
        case .postgres:
            let configuration = try PostgresTestDatabase.freshConfiguration()
            await PostgresTestDatabase.slots.acquire()
            do {
                let result = try await PostgresStore.withStore(
                    configuration, keepsRollups: keepsRollups,
                    activenessFoldInterval: activenessFoldInterval ?? PostgresStore.defaultActivenessFoldInterval, logger: Self.logger, now: 0
                ) { store in
                    do {
                        let result = try await body(TestStore(kind: kind, store: store, location: .postgres(configuration, store)))
                        try await PostgresTestDatabase.dropSchema(of: configuration, client: store.client)
                        return result
                    } catch {
                        try? await PostgresTestDatabase.dropSchema(of: configuration, client: store.client)
                        throw error
                    }
                }
                await PostgresTestDatabase.slots.release()
                return result
            } catch {
                await PostgresTestDatabase.slots.release()
                throw error
            }
        }
    }

    /// Opens the same data again, as a restarted process would, and runs `body` with it.
    public func reopened<Result: Sendable>(_ body: @Sendable (any Store) async throws -> Result) async throws -> Result {
        switch location {
        case .directory(let directory):
            return try await body(try SQLiteStore(directory: directory))
        case .postgres(let configuration, _):
            return try await PostgresStore.withStore(configuration, logger: Self.logger, now: 0) { store in try await body(store) }
        }
    }

    /// Runs `body` with `count` stores on the same data, as separate processes or nodes would hold
    /// them: SQLite stores on the same file, or PostgreSQL stores with pools of their own.
    public func withWriters<Result: Sendable>(
        _ count: Int, _ body: @Sendable ([any Store]) async throws -> Result
    ) async throws -> Result {
        switch location {
        case .directory(let directory):
            return try await body(try (0..<count).map { _ in try SQLiteStore(directory: directory) })
        case .postgres(let configuration, _):
            let stores = (0..<count).map { _ in PostgresStore(configuration, logger: Self.logger) }
            return try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores { group.addTask { await store.client.run() } }
                defer { group.cancelAll() }
                for store in stores { try await store.prepare(now: 0) }
                return try await body(stores)
            }
        }
    }

    /// Every byte the store keeps: the SQLite files, or every table's rows as text.
    public func storedBytes() async throws -> Data {
        switch location {
        case .directory(let directory):
            var bytes = Data()
            for file in try FileManager.default.contentsOfDirectory(atPath: directory) {
                bytes.append(try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(file)))
            }
            return bytes
        case .postgres(let configuration, let store):
            var bytes = Data()
            let tables = try await store.client.query(
                "SELECT tablename FROM pg_tables WHERE schemaname = \(configuration.schema ?? "public")").collect()
            for row in tables {
                let table = try row.decode(String.self)
                // Table names come from the catalogue of the test's own schema.
                for row in try await store.client.query(PostgresQuery(unsafeSQL: "SELECT t::text FROM \(table) t")).collect() {
                    bytes.append(Data(try row.decode(String.self).utf8))
                }
            }
            return bytes
        }
    }
}

/// A PostgreSQL store on a fresh schema whose client runs until ``finish()``: for fixtures that
/// outlive one closure, such as the API tests' harness.
public final class RunningPostgresStore: Sendable {
    public let store: PostgresStore
    private let configuration: PostgresStore.Configuration
    private let client: Task<Void, Never>

    private init(store: PostgresStore, configuration: PostgresStore.Configuration, client: Task<Void, Never>) {
        self.store = store
        self.configuration = configuration
        self.client = client
    }

    /// Takes one of ``PostgresTestDatabase/slots``, creates the schema and prepares the store.
    public static func start(now: Int64) async throws -> RunningPostgresStore {
        let configuration = try PostgresTestDatabase.freshConfiguration()
        await PostgresTestDatabase.slots.acquire()
        let store = PostgresStore(configuration, logger: TestStore.logger)
        let running = RunningPostgresStore(store: store, configuration: configuration, client: Task { await store.client.run() })
        do {
            try await store.prepare(now: now)
        } catch {
            await running.finish()
            throw error
        }
        return running
    }

    /// Drops the schema, stops the client and gives the slot back.
    public func finish() async {
        try? await PostgresTestDatabase.dropSchema(of: configuration, client: store.client)
        client.cancel()
        await client.value
        await PostgresTestDatabase.slots.release()
    }
}

/// Which store the API tests' harness uses: SQLite, or PostgreSQL when `TERN_TEST_API_STORE=postgres`
/// and `TERN_TEST_POSTGRES_URL` are both set.
public enum APITestStore {
    public static let kind: StoreKind = {
        guard ProcessInfo.processInfo.environment["TERN_TEST_API_STORE"] == "postgres" else { return .sqlite }
        guard PostgresTestDatabase.isConfigured else {
            print("TernTestSupport: TERN_TEST_API_STORE=postgres needs TERN_TEST_POSTGRES_URL; the API tests run on SQLite.")
            return .sqlite
        }
        print("TernTestSupport: the API tests run on PostgreSQL.")
        return .postgres
    }()
}
