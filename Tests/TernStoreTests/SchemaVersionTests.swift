import GRDB
import PostgresNIO
import TernTestSupport
import Testing
@testable import TernStore

/// A database migrated by a newer Tern is refused when opened, on both stores, and left as it was:
/// with several nodes on one database, a node left on an older version must not run against it.
@Suite struct SchemaVersionTests {
    @Test(arguments: StoreKind.available)
    func aDatabaseMigratedByANewerTernIsRefusedAndLeftAsItWas(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let credentials = try await test.store.createWorkspace(name: "A", now: 0)
            let unknown = try await Self.applyMigrationFromANewerTern(to: test.store)

            let refusal = await #expect(throws: SchemaTooNew.self) { try await test.reopened { _ in } }
            #expect(refusal?.unknownMigrations == [unknown])
            #expect(refusal?.description.contains(unknown) == true)
            #expect(try await test.store.workspaces().map(\.id) == [credentials.workspace.id])

            // Once the newer migration is gone the same data opens again (nothing was left locked).
            try await Self.forgetMigration(unknown, in: test.store)
            let reopened = try await test.reopened { store in try await store.workspaces().map(\.id) }
            #expect(reopened == [credentials.workspace.id])
        }
    }

    /// Records a migration this build does not know, as a newer Tern would have; returns how
    /// ``SchemaTooNew`` names it.
    static func applyMigrationFromANewerTern(to store: any Store) async throws -> String {
        if let sqlite = store as? SQLiteStore {
            try await sqlite.pool.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('from a newer tern')")
            }
            return "from a newer tern"
        }
        let postgres = try #require(store as? PostgresStore)
        let version = PostgresMigrations.all.map(\.version).max()! + 1
        try await postgres.client.query("INSERT INTO tern_migrations (version, name) VALUES (\(version), 'from a newer tern')")
        return "version \(version)"
    }

    static func forgetMigration(_ unknown: String, in store: any Store) async throws {
        if let sqlite = store as? SQLiteStore {
            try await sqlite.pool.write { db in try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [unknown]) }
        } else {
            let postgres = try #require(store as? PostgresStore)
            try await postgres.client.query("DELETE FROM tern_migrations WHERE name = 'from a newer tern'")
        }
    }
}
