import PostgresNIO
import TernServer
import TernStore
import TernTestSupport
import Testing

/// Event partitions are created ahead by a recurring job that two nodes run once a month between them.
@Suite(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipReason)))
struct PartitionUpkeepTests {
    static let march2031: Int64 = 1_931_990_400_000  // 2031-03-23T00:00:00Z
    static let april2031: Int64 = 1_932_768_000_000  // 2031-04-01T00:00:00Z

    @Test func twoNodesCreateTheComingMonthsOnceAMonthAndScheduleTheNext() async throws {
        try await TestStore.with(.postgres) { test in
            try await test.withWriters(2) { nodes in
                let clock = TestClock(Self.march2031)
                let stores = try nodes.map { try #require($0 as? PostgresStore) }
                let runners = stores.enumerated().map { index, node in
                    JobRunner(
                        queue: node, handlers: [EventPartitionUpkeep(store: node)],
                        configuration: .init(owner: "node-\(index)", pollInterval: 10), now: { clock.now }, logger: JobTesting.logger)
                }
                let store = stores[0]
                try await JobTesting.running(runners[0], runners[1]) {
                    try await JobTesting.eventually { try await Self.jobs(store)["2031-03"] == "done" }
                    #expect(try await Self.jobs(store) == ["2031-03": "done", "2031-04": "queued"], "one job a month, whichever node starts")
                    let partitions = try await Self.partitions(store)
                    #expect(["events_2031_03", "events_2031_04", "events_2031_05"].allSatisfy(partitions.contains))
                    #expect(!partitions.contains("events_2031_06"))

                    clock.advance(millis: Self.april2031 - Self.march2031)
                    try await JobTesting.eventually { try await Self.jobs(store)["2031-04"] == "done" }
                    #expect(try await Self.jobs(store) == ["2031-03": "done", "2031-04": "done", "2031-05": "queued"])
                    #expect(try await Self.partitions(store).contains("events_2031_06"))
                }
            }
        }
    }

    /// The partition upkeep jobs by key, with their state.
    static func jobs(_ store: PostgresStore) async throws -> [String: String] {
        var jobs: [String: String] = [:]
        for try await (key, state) in try await store.client.query(
            "SELECT key, state FROM jobs WHERE kind = \(EventPartitionUpkeep.kind)"
        ).decode((String, String).self) {
            jobs[key] = state
        }
        return jobs
    }

    static func partitions(_ store: PostgresStore) async throws -> Set<String> {
        var names = Set<String>()
        for try await name in try await store.client.query("""
            SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass
            """).decode(String.self) {
            names.insert(name)
        }
        return names
    }
}
