import Foundation
import GRDB
import TernCore

/// The embedded store: one SQLite file in WAL mode, one serialized writer and a pool of readers.
///
/// ```swift
/// let store = try SQLiteStore(directory: "./tern-data")
/// let credentials = try await store.createWorkspace(name: "Acme", now: 0)
/// ```
///
/// Commits are synchronous (`synchronous=FULL`): an acknowledged event survives a crash
/// of the process or of the machine. Group commit (``EventWriter``) amortises the fsync.
public final class SQLiteStore: Store {
    let pool: DatabasePool
    /// Whether recording events keeps contact rollups current. Off only to measure what they cost.
    let keepsRollups: Bool
    /// How many events gather before their scores are folded into `contact_activeness`.
    let activenessFoldInterval: Int64
    let projection = EventProjection()

    /// Opens (creating if needed) `tern.sqlite` in `directory` and migrates it.
    public convenience init(
        directory: String, keepsRollups: Bool = true, activenessFoldInterval: Int64 = SQLiteStore.defaultActivenessFoldInterval
    ) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try self.init(
            path: (directory as NSString).appendingPathComponent("tern.sqlite"), keepsRollups: keepsRollups,
            activenessFoldInterval: activenessFoldInterval)
    }

    public init(
        path: String, keepsRollups: Bool = true, activenessFoldInterval: Int64 = SQLiteStore.defaultActivenessFoldInterval
    ) throws {
        self.keepsRollups = keepsRollups
        self.activenessFoldInterval = activenessFoldInterval
        var configuration = Configuration()
        // Other processes (`tern workspace create`) write to the same file while a server runs.
        configuration.busyMode = .timeout(10)
        // SQLite's default 2 MiB page cache is outgrown by the event indexes, so pages are evicted
        // and read back within one transaction; 64 MiB cut the storage limit's reads by 72% and
        // writes by 29% at 1,000 rows per commit (tern-bench --cache-mib 64, docs/benchmarks.md).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -65536") }
        pool = try DatabasePool(path: path, configuration: configuration)
        // Set on the writer once the pool is open: GRDB sets NORMAL when it switches to WAL,
        // after `prepareDatabase` has run, so a pragma there would be overridden.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.checkpointPages)")
        }
        let migrator = SQLiteMigrations.migrator
        let unknown = try pool.read { db in try migrator.appliedIdentifiers(db).subtracting(migrator.migrations) }
        if !unknown.isEmpty { throw SchemaTooNew(unknownMigrations: unknown.sorted()) }
        try migrator.migrate(pool)
    }

    /// WAL pages written before the writer copies them back into the database file. SQLite's
    /// default, 1,000, made every group commit (about 5 pages per event) also checkpoint and
    /// fsync the database file; at 16,384 (64 MiB) pages rewritten by successive commits are copied
    /// once: 64% fewer fsyncs, 26% fewer writes, 80% fewer reads in the storage limit
    /// (docs/benchmarks.md).
    public static let checkpointPages = 16_384

    public func ping() async throws {
        _ = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    public func workspaces() async throws -> [Workspace] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, created_at FROM workspaces ORDER BY id").map {
                Workspace(id: $0["id"], name: $0["name"], createdAt: $0["created_at"])
            }
        }
    }

    public func createWorkspace(name: String, now: Int64) async throws -> WorkspaceCredentials {
        let adminKey = APIKey.generate(scope: .admin)
        let writeKey = APIKey.generate(scope: .write)
        let workspace = try await pool.write { db in
            try db.execute(sql: "INSERT INTO workspaces (name, created_at) VALUES (?, ?)", arguments: [name, now])
            let workspace = Workspace(id: db.lastInsertedRowID, name: name, createdAt: now)
            try Self.insertKey(db, adminKey, workspaceId: workspace.id, scope: .admin, label: "admin", now: now)
            try Self.insertKey(db, writeKey, workspaceId: workspace.id, scope: .write, label: "write", now: now)
            for definition in SystemCatalog.definitions {
                var definition = definition
                definition.createdAt = now
                definition.updatedAt = now
                try Self.insertDefinition(db, definition, workspaceId: workspace.id)
            }
            return workspace
        }
        return WorkspaceCredentials(workspace: workspace, adminKey: adminKey, writeKey: writeKey)
    }

    public func createKey(workspaceId: Int64, scope: KeyScope, label: String, now: Int64) async throws -> String {
        let key = APIKey.generate(scope: scope)
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM workspaces WHERE id = ?", arguments: [workspaceId]) != nil else {
                throw StoreError.notFound
            }
            try Self.insertKey(db, key, workspaceId: workspaceId, scope: scope, label: label, now: now)
        }
        return key
    }

    public func grant(forKey key: String) async throws -> KeyGrant? {
        let hash = APIKey.hash(key)
        return try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT workspace_id, scope, label FROM api_keys WHERE hash = ?", arguments: [hash])
                .flatMap { row in
                    KeyScope(rawValue: row["scope"]).map {
                        KeyGrant(workspaceId: row["workspace_id"], scope: $0, label: row["label"])
                    }
                }
        }
    }

    private static func insertKey(_ db: Database, _ key: String, workspaceId: Int64, scope: KeyScope, label: String, now: Int64) throws {
        try db.execute(
            sql: "INSERT INTO api_keys (hash, workspace_id, scope, label, created_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [APIKey.hash(key), workspaceId, scope.rawValue, label, now])
    }
}
