import PostgresNIO
import TernCore
import TernTestSupport
import Testing
@testable import TernStore

/// Migration 7 moves activeness out of `contacts` into `contact_activeness`, every workspace's
/// events counted as folded: reads, new events and a rebuild agree with what the column held.
@Suite struct PostgresActivenessMigrationTests {
    @Test(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipReason)))
    func activenessMovesToItsOwnTableIntact() async throws {
        try await Self.withFreshSchema(Self.check)
    }

    /// Migration 10 moves each contact's folded sum into its bucket's row: the same sums read back.
    @Test(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipReason)))
    func foldedActivenessMovesIntoBucketsIntact() async throws {
        try await Self.withFreshSchema { store, configuration in
            try await store.client.withConnection { connection in
                try await PostgresMigrations.migrate(connection, schema: configuration.schema, through: 9, logger: TestStore.logger)
                for statement in [
                    "INSERT INTO workspaces (id, name, created_at) VALUES (1, 'A', 0), (2, 'B', 0)",
                    """
                    INSERT INTO contacts (id, workspace_id, external_id, attributes, created_at, updated_at)
                    VALUES (5, 1, 'a', '{}', 0, 0), (127, 1, 'b', '{}', 0, 0), (128, 1, 'c', '{}', 0, 0), (300, 1, 'd', '{}', 0, 0),
                        (6, 1, 'none', '{}', 0, 0), (129, 2, 'e', '{}', 0, 0)
                    """,
                    """
                    INSERT INTO contact_activeness (workspace_id, contact_id, folded)
                    VALUES (1, 5, 7), (1, 127, -2), (1, 128, 11), (1, 300, 4), (2, 129, 6)
                    """,
                    "SELECT setval('contacts_id_seq', 300)",
                ] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestStore.logger)
                }
            }
            try await store.prepare(now: 0)
            #expect(try await store.rollups(workspaceId: 1).mapValues(\.activeness) == [5: 7, 6: 0, 127: -2, 128: 11, 300: 4])
            #expect(try await store.rollups(workspaceId: 2).mapValues(\.activeness) == [129: 6])
            #expect(try await store.contact(workspaceId: 1, key: .externalId("c"))?.activeness == 11)
        }
    }

    /// Runs `body` with a store on a fresh schema it may migrate as it likes, dropped afterwards.
    static func withFreshSchema(
        _ body: @escaping @Sendable (PostgresStore, PostgresStore.Configuration) async throws -> Void
    ) async throws {
        let configuration = try PostgresTestDatabase.freshConfiguration()
        await PostgresTestDatabase.slots.acquire()
        let store = PostgresStore(configuration, logger: TestStore.logger)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await store.client.run() }
                defer { group.cancelAll() }
                do {
                    try await body(store, configuration)
                    try await PostgresTestDatabase.dropSchema(of: configuration, client: store.client)
                } catch {
                    try? await PostgresTestDatabase.dropSchema(of: configuration, client: store.client)
                    throw error
                }
            }
            await PostgresTestDatabase.slots.release()
        } catch {
            await PostgresTestDatabase.slots.release()
            throw error
        }
    }

    static func check(_ store: PostgresStore, _ configuration: PostgresStore.Configuration) async throws {
        // A database as version 6 left it: activeness was a column of `contacts`, kept per event.
        try await store.client.withConnection { connection in
            try await PostgresMigrations.migrate(connection, schema: configuration.schema, through: 6, logger: TestStore.logger)
            for statement in [
                "INSERT INTO workspaces (id, name, created_at) VALUES (1, 'A', 0), (2, 'B', 0)",
                // January 1970, as EventPartitions names and bounds it.
                "CREATE TABLE events_1970_01 (LIKE events INCLUDING DEFAULTS)",
                "ALTER TABLE events ATTACH PARTITION events_1970_01 FOR VALUES FROM (0) TO (2678400000)",
                """
                INSERT INTO contacts (id, workspace_id, external_id, attributes, created_at, updated_at, activeness)
                VALUES (1, 1, 'busy', '{}', 0, 0, 7), (2, 1, 'quiet', '{}', 0, 0, 0), (3, 2, 'other', '{}', 0, 0, -3)
                """,
                """
                INSERT INTO events (id, workspace_id, contact_id, event, time, received_at, properties, source, score)
                VALUES (1, 1, 1, 'cl_x', 40, 40, '{}', 'api', 4), (2, 1, 1, 'cl_x', 50, 50, '{}', 'api', 3),
                    (3, 2, 3, 'cl_x', 60, 60, '{}', 'api', -3)
                """,
                "SELECT setval('events_id_seq', 3)",
                "SELECT setval('contacts_id_seq', 3)",
            ] {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestStore.logger)
            }
        }
        try await store.prepare(now: 0)

        #expect(try await store.rollups(workspaceId: 1).mapValues(\.activeness) == [1: 7, 2: 0])
        #expect(try await store.rollups(workspaceId: 2).mapValues(\.activeness) == [3: -3])
        #expect(try await store.contact(workspaceId: 1, key: .externalId("busy"))?.activeness == 7, "not counted twice")

        let event = RecordableEvent(event: "cl_x", time: 70, contact: ContactIdentity(externalId: "busy"), source: .api, score: 2)
        _ = try await store.record([EventBatch(workspaceId: 1, events: [event], receivedAt: 70)])
        #expect(try await store.contact(workspaceId: 1, key: .externalId("busy"))?.activeness == 9)
        try await store.foldActiveness(workspaceId: 1)
        #expect(try await store.contact(workspaceId: 1, key: .externalId("busy"))?.activeness == 9)
        try await store.rebuildRollups(workspaceId: nil)
        #expect(try await store.rollups(workspaceId: 1).mapValues(\.activeness) == [1: 9, 2: 0])
        #expect(try await store.rollups(workspaceId: 2).mapValues(\.activeness) == [3: -3])
    }
}
