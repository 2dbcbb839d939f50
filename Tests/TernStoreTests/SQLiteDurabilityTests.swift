import Foundation
import GRDB
import Testing
@testable import TernStore

@Suite struct SQLiteDurabilityTests {
    @Test func theWriterCommitsWithSynchronousFull() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-sync-\(UUID().uuidString)").path
        let store = try SQLiteStore(directory: directory)
        // 2 is FULL: each commit is fsynced before its events are acknowledged.
        let mode = try await store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(mode == 2)
        #expect(try await store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }
}
