import PostgresNIO
import TernCore
import TernTestSupport
import Testing
@testable import TernStore

/// A PostgreSQL store that cannot reach its database answers ``StoreError/unavailable`` after its
/// lease deadline instead of waiting as long as the database is away; a transaction under way is
/// never cut by that deadline; a connection lost under a transaction fails it instead of hanging it.
/// Each test fails (through `within`) instead of hanging when the store would wait forever.
@Suite struct PostgresUnavailableTests {
    @Test func aStoreCutOffFromItsDatabaseIsUnavailableAtTheDeadline() async throws {
        try await PostgresTestDatabase.withUnreachableStore(leaseTimeout: .milliseconds(300)) { store in
            try await within(.seconds(20)) {
                await #expect(throws: StoreError.unavailable) { try await store.events(EventQuery(workspaceId: 1, limit: 10)) }
                let event = RecordableEvent(event: "cl_x", time: 1, contact: ContactIdentity(externalId: "u1"), source: .api)
                await #expect(throws: StoreError.unavailable) {
                    try await store.record([EventBatch(workspaceId: 1, events: [event], receivedAt: 1)])
                }
            }
        }
    }

    @Test(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipReason)))
    func aLeaseWaitsOnlyUntilTheDeadlineButATransactionRunsAsLongAsItNeeds() async throws {
        // 2 s: long enough for the pool's one connection to be made on a busy machine.
        try await Self.withStore(connections: 1, leaseTimeout: .seconds(2)) { store in
            try await store.read { connection in try await connection.run("SELECT 1", TestStore.logger) }
            let started = AsyncStream<Void>.makeStream()
            // Holds the only connection for longer than the deadline.
            let long = Task {
                try await store.transaction { connection in
                    started.continuation.yield()
                    try await connection.run("SELECT pg_sleep(5)", TestStore.logger)
                    return "done"
                }
            }
            var iterator = started.stream.makeAsyncIterator()
            await iterator.next()
            await #expect(throws: StoreError.unavailable, "no connection free within the deadline") {
                try await store.read { connection in try await connection.run("SELECT 1", TestStore.logger) }
            }
            #expect(try await long.value == "done", "the transaction holding the connection was not cut at the deadline")
            try await store.read { connection in try await connection.run("SELECT 1", TestStore.logger) }
        }
    }

    /// What a transaction sends after its connection was lost: each way the store sends one.
    enum NextStep: CaseIterable, Sendable {
        case statement, copy, stream
    }

    @Test(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipReason)),
          arguments: NextStep.allCases)
    func aConnectionLostUnderATransactionIsUnavailableAndTheStoreRecovers(next: NextStep) async throws {
        try await Self.withStore(connections: 4, leaseTimeout: .seconds(10)) { store in
            await #expect(throws: StoreError.unavailable) {
                try await store.transaction { connection in
                    let pid = try await connection.all("SELECT pg_backend_pid()", TestStore.logger)[0].decode(Int32.self)
                    try await store.read { other in
                        try await other.run("SELECT pg_terminate_backend(\(pid))", TestStore.logger)
                        // The backend exits in its own time: wait until it has, so the next statement meets a closed connection.
                        while try await other.all("SELECT count(*) FROM pg_stat_activity WHERE pid = \(pid)", TestStore.logger)[0]
                            .decode(Int.self) > 0
                        {
                            try await Task.sleep(for: .milliseconds(10))
                        }
                    }
                    switch next {
                    case .statement:
                        try await connection.run("SELECT 1", TestStore.logger)
                    case .copy:
                        try await connection.copyWhileOpen(
                            ByteBuffer(string: "1\t1\n"), into: "activeness_folded", columns: ["workspace_id", "event_id"], TestStore.logger)
                    case .stream:
                        _ = try await connection.streamWhileOpen("SELECT 1", TestStore.logger)
                    }
                }
            }
            let answer = try await store.read { connection in try await connection.all("SELECT 2", TestStore.logger)[0].decode(Int.self) }
            #expect(answer == 2, "the pool replaces the lost connection")
        }
    }

    /// A store with these settings on a fresh schema of the test database, dropped afterwards; the
    /// schema is migrated through another store with the default deadline, so a short one here
    /// cannot fail the setup on a busy machine. `body` must finish within 30 seconds.
    static func withStore(
        connections: Int, leaseTimeout: Duration, _ body: @escaping @Sendable (PostgresStore) async throws -> Void
    ) async throws {
        let configuration = try PostgresTestDatabase.freshConfiguration()
        try await PostgresStore.withStore(configuration, logger: TestStore.logger, now: 0) { prepared in
            var settings = configuration
            settings.client.options.maximumConnections = connections
            settings.leaseTimeout = leaseTimeout
            let store = PostgresStore(settings, logger: TestStore.logger)
            let pool = Task { await store.client.run() }
            do {
                try await within(.seconds(30)) { try await body(store) }
            } catch {
                pool.cancel()
                try? await PostgresTestDatabase.dropSchema(of: configuration, client: prepared.client)
                throw error
            }
            pool.cancel()
            try await PostgresTestDatabase.dropSchema(of: configuration, client: prepared.client)
        }
    }
}
