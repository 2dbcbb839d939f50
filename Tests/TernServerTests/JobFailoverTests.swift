import Foundation
import PostgresNIO
import TernCore
import TernStore
import TernTestSupport
import Testing

/// A node killed while it holds claimed jobs: real `tern serve` processes on one PostgreSQL
/// database. Node A alone takes `event.record` jobs, is frozen (SIGSTOP) in the middle of them,
/// while it holds some, then killed (SIGKILL); nodes B and C must finish every job A held, each job once and each
/// event stored once.
@Suite(.serialized) struct JobFailoverTests {
    static let jobsPerRound = 500
    /// Short, so that B and C take A's jobs over in seconds; a handler here takes milliseconds.
    static let options = ["--job-lease-ms", "4000", "--job-poll-ms", "50"]

    @Test(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipReason)))
    func jobsHeldByAKilledNodeAreFinishedByTheOthersEachOnce() async throws {
        let binary = try TernProcess.binary()
        let configuration = try PostgresTestDatabase.freshConfiguration()
        let url = try #require(PostgresTestDatabase.url) + (PostgresTestDatabase.url!.contains("?") ? "&" : "?")
            + "search_path=\(try #require(configuration.schema))"
        let servers = Shared<[TernProcess]>([])
        do {
            try await PostgresStore.withStore(configuration, logger: TestStore.logger, now: Self.now()) { store in
                try await Self.killAndTakeOver(binary: binary, url: url, store: store, servers: servers)
            }
        } catch {
            await MultiNodeTests.cleanUp(servers.withLock { $0 }, configuration)
            throw error
        }
        await MultiNodeTests.cleanUp(servers.withLock { $0 }, configuration)
    }

    static func killAndTakeOver(binary: URL, url: String, store: PostgresStore, servers: Shared<[TernProcess]>) async throws {
        let a = try await TernProcess.serve(binary, postgres: url, options: options)
        servers.withLock { $0.append(a) }
        let workspace = try await store.createWorkspace(name: "jobs", now: now()).workspace.id
        try await store.createDefinition(EventDefinition(id: "cl_tick", name: "Tick", direction: .inbound, score: 1), workspaceId: workspace)

        // A may finish a round before it is seen holding a job: then another round.
        var expected = Set<String>()
        var held: [Int64: (owner: String, attempts: Int)] = [:]
        for round in 0..<5 where held.isEmpty {
            let messageIds = (0..<jobsPerRound).map { "r\(round)-\($0)" }
            expected.formUnion(messageIds)
            _ = try await store.enqueue(messageIds.enumerated().map { n, messageId in
                JobRequest(
                    workspaceId: workspace, kind: "event.record",
                    payload: #"{"event": "cl_tick", "externalId": "u\#(n % 50)", "messageId": "\#(messageId)"}"#, runAt: now())
            }, now: now())
            // Once A has finished a fifth of the round, so that it dies in the middle of its work.
            while try await unfinished(store) > 0 {
                if try await unfinished(store) <= jobsPerRound - jobsPerRound / 5, try await !claimed(store).isEmpty {
                    a.stop()
                    held = try await settled(store)
                    break
                }
            }
        }
        try #require(!held.isEmpty, "node A was seen holding claimed jobs")
        let ownerA = try #require(held.values.first?.owner)
        #expect(held.values.allSatisfy { $0.owner == ownerA && $0.attempts == 1 }, "only A has claimed anything")
        a.kill()

        let others = try await withThrowingTaskGroup(of: TernProcess.self) { group in
            for _ in 0..<2 { group.addTask { try await TernProcess.serve(binary, postgres: url, options: options) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        servers.withLock { $0 += others }
        for _ in 0..<1_200 where try await unfinished(store) > 0 {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try await unfinished(store) == 0, "every job done")

        let jobs: [Int64: (id: Int64, state: String, owner: String?, attempts: Int, doneAt: Int64?)] = try await store.client.query(
            "SELECT id, state, owner, attempts, done_at FROM jobs WHERE kind = 'event.record'"
        ).decode((Int64, String, String?, Int, Int64?).self).reduce(into: [:]) { $0[$1.0] = (id: $1.0, state: $1.1, owner: $1.2, attempts: $1.3, doneAt: $1.4) }
        #expect(jobs.count == expected.count)
        #expect(jobs.values.allSatisfy { $0.state == "done" && $0.doneAt != nil && $0.attempts >= 1 })
        for (id, was) in held {
            let job = try #require(jobs[id])
            #expect(job.owner != nil && job.owner != was.owner && job.attempts >= 2, "job \(id), held by A, was finished by B or C")
        }

        var stored: [String] = []
        var cursor: EventCursor?
        repeat {
            let page = try await store.events(EventQuery(workspaceId: workspace, event: "cl_tick", limit: 1_000, cursor: cursor))
            stored += page.events.compactMap(\.messageId)
            cursor = page.nextCursor
            if !page.hasMore { break }
        } while true
        #expect(stored.count == expected.count, "each event stored once")
        #expect(Set(stored) == expected, "none lost")
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    static func unfinished(_ store: PostgresStore) async throws -> Int {
        try await store.client.query("SELECT count(*)::int8 FROM jobs WHERE kind = 'event.record' AND state <> 'done'")
            .decode(Int.self).reduce(0) { $0 + $1 }
    }

    /// Jobs claimed and not done: who holds each, and how many claims it has had.
    static func claimed(_ store: PostgresStore) async throws -> [Int64: (owner: String, attempts: Int)] {
        try await store.client.query(
            "SELECT id, owner, attempts FROM jobs WHERE kind = 'event.record' AND state = 'queued' AND owner IS NOT NULL"
        ).decode((Int64, String, Int).self).reduce(into: [:]) { $0[$1.0] = (owner: $1.1, attempts: $1.2) }
    }

    /// The claimed jobs once the frozen node's last statements, already sent, have been applied:
    /// two reads in a row agree.
    static func settled(_ store: PostgresStore) async throws -> [Int64: (owner: String, attempts: Int)] {
        var last = try await claimed(store)
        while true {
            try await Task.sleep(for: .milliseconds(200))
            let next = try await claimed(store)
            if Set(next.keys) == Set(last.keys) { return next }
            last = next
        }
    }
}
