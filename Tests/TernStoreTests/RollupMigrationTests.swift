import Foundation
import GRDB
import TernCore
import Testing
@testable import TernStore

/// The SQLite migration that moved activeness and stage out of `contacts` keeps every contact's rollups.
@Suite struct RollupMigrationTests {
    @Test func activenessAndStagesMoveToTheirOwnTablesIntact() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-rollups-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = (directory as NSString).appendingPathComponent("tern.sqlite")
        // A database as the previous version left it: rollups were columns of `contacts`.
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteMigrations.migrator.migrate(pool, upTo: "ids never reused: events and contacts with AUTOINCREMENT")
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO workspaces (id, name, created_at) VALUES (1, 'A', 0), (2, 'B', 0)")
                try db.execute(sql: """
                    INSERT INTO contacts (id, workspace_id, external_id, attributes, created_at, updated_at, activeness, stage, stage_time, stage_event_id)
                    VALUES (1, 1, 'staged', '{}', 0, 0, 7, 'lead', 50, 2), (2, 1, 'quiet', '{}', 0, 0, 0, NULL, 0, 0),
                        (3, 2, 'other', '{}', 0, 0, -3, NULL, 0, 0);
                    INSERT INTO events (id, workspace_id, contact_id, event, time, received_at, properties, source, score, stage)
                    VALUES (1, 1, 1, 'cl_x', 40, 40, '{}', 'api', 4, 'engaged'), (2, 1, 1, 'cl_x', 50, 50, '{}', 'api', 3, 'lead'),
                        (3, 2, 3, 'cl_x', 60, 60, '{}', 'api', -3, NULL);
                    """)
            }
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.rollups(workspaceId: 1) == [
            1: ContactRollups(activeness: 7, stage: "lead", tags: [:]), 2: ContactRollups(activeness: 0, stage: nil, tags: [:]),
        ])
        #expect(try await store.rollups(workspaceId: 2) == [3: ContactRollups(activeness: -3, stage: nil, tags: [:])])
        let contact = try await store.contact(workspaceId: 1, key: .externalId("staged"))
        #expect(contact?.activeness == 7 && contact?.stage == "lead")

        // New events add to the moved rows; the stage position moved with them (an older "customer"
        // event still outranks "lead" going forward).
        let event = RecordableEvent(event: "cl_x", time: 10, contact: ContactIdentity(externalId: "staged"), source: .api, score: 2, stage: "customer")
        _ = try await store.record([EventBatch(workspaceId: 1, events: [event], receivedAt: 70)])
        let incremental = try await store.rollups(workspaceId: 1)
        #expect(incremental[1] == ContactRollups(activeness: 9, stage: "customer", tags: [:]))
        try await store.rebuildRollups(workspaceId: nil)
        #expect(try await store.rollups(workspaceId: 1) == incremental)
        #expect(try await store.rollups(workspaceId: 2) == [3: ContactRollups(activeness: -3, stage: nil, tags: [:])])
    }
}
