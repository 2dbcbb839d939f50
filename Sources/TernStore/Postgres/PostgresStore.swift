import Logging
import PostgresNIO
import Synchronization
import TernCore

/// Tern on PostgreSQL: any number of `tern serve` nodes share one database.
///
/// The store's ``client`` is a connection pool that must run for as long as the store is used:
/// in a `ServiceGroup` beside the HTTP server, or for the length of a closure with
/// ``withStore(_:keepsRollups:activenessFoldInterval:logger:now:_:)``. ``prepare(now:)`` migrates the schema (under an
/// advisory lock, so nodes may start together) and creates the event partitions ahead.
///
/// ```swift
/// let configuration = try PostgresStore.Configuration(url: "postgres://tern:secret@127.0.0.1/tern")
/// try await PostgresStore.withStore(configuration, now: now) { store in
///     let credentials = try await store.createWorkspace(name: "Acme", now: now)
/// }
/// ```
///
/// Behaviour, errors and outcomes are those of ``SQLiteStore``; both run one contract suite.
/// Recording takes a per-workspace transaction lock, so event ids grow in commit order within a
/// workspace (what the event-list cursor relies on) and two nodes never race to create a contact.
public final class PostgresStore: Store {
    /// The connection pool: a `Service`; queries wait until it runs.
    public let client: PostgresClient
    let logger: Logger
    /// Whether recording events keeps contact rollups current. Off only to measure what they cost.
    let keepsRollups: Bool
    let partitions = EventPartitions()
    let configuration: Configuration
    /// See ``defaultActivenessFoldInterval``.
    let activenessFoldInterval: Int
    let folds = Mutex(Folds())
    /// Contacts this node found or created by their identifiers, for recording.
    let identities = IdentityCache()

    public init(
        _ configuration: Configuration, keepsRollups: Bool = true,
        activenessFoldInterval: Int = PostgresStore.defaultActivenessFoldInterval, logger: Logger = Logger(label: "tern.postgres")
    ) {
        self.configuration = configuration
        self.activenessFoldInterval = activenessFoldInterval
        // The pool's own chatter (e.g. a query leased while the service group is still starting it)
        // is noise unless Tern itself is asked for debug logs.
        var poolLogger = logger
        if logger.logLevel > .debug { poolLogger.logLevel = max(logger.logLevel, .error) }
        self.client = PostgresClient(configuration: configuration.client, backgroundLogger: poolLogger)
        self.logger = logger
        self.keepsRollups = keepsRollups
    }

    public func ping() async throws {
        try await read { connection in try await connection.run("SELECT 1", logger) }
    }

    /// Brings the schema up to date and creates this month's and the next months' event partitions.
    /// Call it once the ``client`` runs, before serving.
    /// Throws ``StoreError/unavailable`` when no connection is made within ``Configuration/leaseTimeout``.
    public func prepare(now: Int64) async throws {
        try await withConnection { connection in
            try await PostgresMigrations.migrate(connection, schema: configuration.schema, logger: logger)
        }
        try await partitions.ensureAhead(of: now, store: self)
    }

    /// Runs the client, prepares the schema and calls `body`; the client stops when `body` returns.
    /// For commands and tests; a server runs ``client`` in its `ServiceGroup` instead.
    public static func withStore<Result: Sendable>(
        _ configuration: Configuration, keepsRollups: Bool = true,
        activenessFoldInterval: Int = PostgresStore.defaultActivenessFoldInterval, logger: Logger = Logger(label: "tern.postgres"),
        now: Int64, _ body: (PostgresStore) async throws -> Result
    ) async throws -> Result {
        let store = PostgresStore(
            configuration, keepsRollups: keepsRollups, activenessFoldInterval: activenessFoldInterval, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.client.run() }
            defer { group.cancelAll() }
            try await store.prepare(now: now)
            return try await body(store)
        }
    }

    // MARK: Workspaces and keys

    public func workspaces() async throws -> [Workspace] {
        try await read { connection in
            try await connection.all("SELECT id, name, created_at FROM workspaces ORDER BY id", logger).map { row in
                let (id, name, createdAt) = try row.decode((Int64, String, Int64).self)
                return Workspace(id: id, name: name, createdAt: createdAt)
            }
        }
    }

    public func createWorkspace(name: String, now: Int64) async throws -> WorkspaceCredentials {
        try PostgresText.check(name, field: "name")
        let adminKey = APIKey.generate(scope: .admin)
        let writeKey = APIKey.generate(scope: .write)
        let workspace = try await transaction { connection in
            let rows = try await connection.all(
                "INSERT INTO workspaces (name, created_at) VALUES (\(name), \(now)) RETURNING id", logger)
            let workspace = Workspace(id: try rows[0].decode(Int64.self), name: name, createdAt: now)
            try await Self.insertKey(connection, adminKey, workspaceId: workspace.id, scope: .admin, label: "admin", now: now, logger)
            try await Self.insertKey(connection, writeKey, workspaceId: workspace.id, scope: .write, label: "write", now: now, logger)
            for definition in SystemCatalog.definitions {
                var definition = definition
                definition.createdAt = now
                definition.updatedAt = now
                try await Self.insertDefinition(connection, definition, workspaceId: workspace.id, logger)
            }
            return workspace
        }
        return WorkspaceCredentials(workspace: workspace, adminKey: adminKey, writeKey: writeKey)
    }

    public func createKey(workspaceId: Int64, scope: KeyScope, label: String, now: Int64) async throws -> String {
        try PostgresText.check(label, field: "label")
        let key = APIKey.generate(scope: scope)
        try await transaction { connection in
            guard try await !connection.all("SELECT 1 FROM workspaces WHERE id = \(workspaceId)", logger).isEmpty else {
                throw StoreError.notFound
            }
            try await Self.insertKey(connection, key, workspaceId: workspaceId, scope: scope, label: label, now: now, logger)
        }
        return key
    }

    public func grant(forKey key: String) async throws -> KeyGrant? {
        let hash = APIKey.hash(key)
        return try await read { connection in
            guard let row = try await connection.all(
                "SELECT workspace_id, scope, label FROM api_keys WHERE hash = \(hash)", logger).first
            else { return nil }
            let (workspaceId, scope, label) = try row.decode((Int64, String, String).self)
            return KeyScope(rawValue: scope).map { KeyGrant(workspaceId: workspaceId, scope: $0, label: label) }
        }
    }

    private static func insertKey(
        _ connection: PostgresConnection, _ key: String, workspaceId: Int64, scope: KeyScope, label: String, now: Int64,
        _ logger: Logger
    ) async throws {
        try await connection.run(
            """
            INSERT INTO api_keys (hash, workspace_id, scope, label, created_at)
            VALUES (\(APIKey.hash(key)), \(workspaceId), \(scope.rawValue), \(label), \(now))
            """, logger)
    }
}
