import Logging
import ServiceLifecycle
import Synchronization
import TernCore
import TernServer
import TernStore
import TernTestSupport
import Testing

/// The job runner in process, over a store and a clock the test controls: `event.record` jobs,
/// retries with backoff, payloads that can never succeed.
struct JobRunnerTests {
    static let start: Int64 = 1_795_600_000_000  // 2026-11-24

    /// A runner over `store` that looks for due jobs every 10 ms of real time.
    static func runner(_ store: any Store, _ handlers: [any JobHandler], clock: TestClock, maximumAttempts: Int = 25) -> JobRunner {
        JobRunner(
            queue: store, handlers: handlers,
            configuration: .init(
                owner: "test", pollInterval: 10, concurrency: 4, retryDelay: 1_000, maximumRetryDelay: 1_500, jitter: 0,
                maximumAttempts: maximumAttempts),
            now: { clock.now }, logger: JobTesting.logger)
    }

    @Test(arguments: StoreKind.available)
    func eventRecordJobsStoreEachEventOnceWhenDue(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store, clock = TestClock(Self.start)
            let workspace = try await store.createWorkspace(name: "A", now: Self.start).workspace.id
            try await store.createDefinition(EventDefinition(id: "cl_tick", name: "Tick", direction: .inbound, score: 1), workspaceId: workspace)
            let tick = { (messageId: String) in #"{"event": "cl_tick", "externalId": "u1", "messageId": "\#(messageId)"}"# }
            let ids = try await store.enqueue([
                JobRequest(workspaceId: workspace, kind: "event.record", payload: tick("m1"), runAt: Self.start),
                // The same event in a second job, as when a node dies after recording and before completing.
                JobRequest(workspaceId: workspace, kind: "event.record", payload: tick("m1"), runAt: Self.start),
                JobRequest(workspaceId: workspace, kind: "event.record", payload: tick("m2"), runAt: Self.start + 60_000),
            ], now: Self.start)
            let router = TernRouter(store: store, now: { clock.now })
            try await JobTesting.running(Self.runner(store, router.jobHandlers, clock: clock)) {
                // Both run at once (concurrency 4), so either may finish first.
                for id in ids.prefix(2) { try await JobTesting.eventually { try await store.job(id: id)?.state == .done } }
                #expect(try await Self.messageIds(store, workspace) == ["m1"], "stored once; m2 is not due yet")
                #expect(try await store.job(id: ids[2])?.attempts == 0)

                clock.advance(millis: 60_000)
                try await JobTesting.eventually { try await store.job(id: ids[2])?.state == .done }
                let events = try await store.events(EventQuery(workspaceId: workspace, event: "cl_tick", limit: 10)).events
                #expect(events.map(\.messageId) == ["m1", "m2"])
                #expect(events.last?.time == Self.start + 60_000, "recorded when the job ran")
                #expect(events.allSatisfy { $0.source == .journey })
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func eventRecordJobsThatCanNeverSucceedFailWithTheirError(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store, clock = TestClock(Self.start)
            let workspace = try await store.createWorkspace(name: "A", now: Self.start).workspace.id
            let payloads = [
                #"{"event": "cl_unknown", "externalId": "u1", "messageId": "m1"}"#,
                #"{"event": "page_viewed", "externalId": "u1"}"#,
                #"{"event": "page_viewed", "externalId": "u1", "messageId": null}"#,
                #"{"event": "contact_created", "externalId": "u1", "messageId": "m4"}"#,
                #"{"event": "page_viewed", "messageId": "m5"}"#,
                "[1, 2",
            ]
            let ids = try await store.enqueue(
                payloads.map { JobRequest(workspaceId: workspace, kind: "event.record", payload: $0, runAt: Self.start) }, now: Self.start)
            let router = TernRouter(store: store, now: { clock.now })
            try await JobTesting.running(Self.runner(store, router.jobHandlers, clock: clock)) {
                for id in ids { try await JobTesting.eventually { try await store.job(id: id)?.state == .failed } }
            }
            var errors: [String] = []
            for id in ids {
                let record = try #require(try await store.job(id: id))
                #expect(record.attempts == 1, "not retried")
                errors.append(record.lastError ?? "")
            }
            #expect(errors[0].hasPrefix("event: unknown event \"cl_unknown\""))
            #expect(errors[1].hasPrefix("messageId: is required") && errors[2].hasPrefix("messageId: is required"))
            #expect(errors[3] == "event: contact_created is recorded by Tern itself")
            #expect(errors[4].contains("phone") || errors[4].contains("externalId"), "\(errors[4])")
            #expect(errors[5].hasPrefix("the payload is not JSON"))
            #expect(try await store.events(EventQuery(workspaceId: workspace, limit: 10)).events.isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func aJobWhoseHandlerThrowsRunsAgainAfterABackoffThatGrows(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store, clock = TestClock(Self.start)
            let flaky = FlakyJob(failures: 2)
            let id = try await store.enqueue([JobRequest(workspaceId: 1, kind: flaky.kind, payload: "{}", runAt: Self.start)], now: Self.start)[0]
            try await JobTesting.running(Self.runner(store, [flaky], clock: clock)) {
                try await JobTesting.eventually { try await store.job(id: id)?.lastError == "failure 1" }
                var record = try #require(try await store.job(id: id))
                #expect(record.state == .queued && record.runAt == Self.start + 1_000 && record.leaseUntil == nil)

                clock.advance(millis: 1_000)
                try await JobTesting.eventually { try await store.job(id: id)?.lastError == "failure 2" }
                record = try #require(try await store.job(id: id))
                #expect(record.runAt == Self.start + 1_000 + 1_500, "twice the delay, at most the maximum")

                clock.advance(millis: 1_500)
                try await JobTesting.eventually { try await store.job(id: id)?.state == .done }
                #expect(try await store.job(id: id)?.attempts == 3)
            }
            #expect(flaky.runs == 3)
        }
    }

    @Test(arguments: StoreKind.available)
    func aJobThatKeepsThrowingEndsAsFailedAfterItsLastAttempt(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store, clock = TestClock(Self.start)
            let broken = FlakyJob(failures: 100)
            let id = try await store.enqueue([JobRequest(workspaceId: 1, kind: broken.kind, payload: "{}", runAt: Self.start)], now: Self.start)[0]
            try await JobTesting.running(Self.runner(store, [broken], clock: clock, maximumAttempts: 3)) {
                for attempt in 1...2 {
                    try await JobTesting.eventually { try await store.job(id: id)?.lastError == "failure \(attempt)" }
                    clock.advance(millis: 1_500)
                }
                try await JobTesting.eventually { try await store.job(id: id)?.state == .failed }
                let record = try #require(try await store.job(id: id))
                #expect(record.attempts == 3)
                #expect(record.lastError == "gave up after 3 attempts: failure 3")
                clock.advance(millis: 3_600_000)
                try await Task.sleep(for: .milliseconds(100))  // ten polls: it is not claimed again
            }
            #expect(broken.runs == 3)
        }
    }

    @Test func retryDelaysAreSpreadByTheJitterAroundTheBackoff() {
        let configuration = JobRunner.Configuration(owner: "t", retryDelay: 1_000, maximumRetryDelay: 60_000, jitter: 0.2)
        for attempt in 1...8 {
            let base = Double(min(1_000 << (attempt - 1), 60_000))
            let delays = (0..<200).map { _ in Double(configuration.retryAt(attempt: attempt, now: 0)) }
            #expect(delays.allSatisfy { (base * 0.8 - 1)...(base * 1.2 + 1) ~= $0 }, "attempt \(attempt)")
            #expect(Set(delays).count > 10, "spread, attempt \(attempt)")
        }
        let exact = JobRunner.Configuration(owner: "t", retryDelay: 1_000, maximumRetryDelay: 60_000, jitter: 0)
        #expect((1...8).map { exact.retryAt(attempt: $0, now: 5) } == [1_005, 2_005, 4_005, 8_005, 16_005, 32_005, 60_005, 60_005])
    }

    static func messageIds(_ store: any Store, _ workspace: Int64) async throws -> [String?] {
        try await store.events(EventQuery(workspaceId: workspace, event: "cl_tick", limit: 100)).events.map(\.messageId)
    }
}

/// Throws on its first `failures` runs, then succeeds.
final class FlakyJob: JobHandler {
    let kind = "test.flaky"
    let failures: Int
    private let count = Mutex(0)
    var runs: Int { count.withLock { $0 } }

    init(failures: Int) { self.failures = failures }

    struct Failure: Error, CustomStringConvertible { let description: String }

    func run(_ job: ClaimedJob, now: Int64) async throws -> JobResult {
        let run = count.withLock { count in
            count += 1
            return count
        }
        if run <= failures { throw Failure(description: "failure \(run)") }
        return .done
    }
}

enum JobTesting {
    static let logger: Logger = {
        var logger = Logger(label: "tern.test.jobs")
        logger.logLevel = .critical
        return logger
    }()

    /// Runs `services` in a service group while `body` runs, then shuts them down gracefully and
    /// waits for them to stop.
    static func running(_ services: any Service..., body: @Sendable () async throws -> Void) async throws {
        let group = ServiceGroup(configuration: .init(services: services, logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await body()
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Waits until `condition` holds; fails after a minute. Only a bound on waiting: no test
    /// depends on how fast a job runs.
    static func eventually(
        _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation, _ condition: () async throws -> Bool
    ) async throws {
        for _ in 0..<6_000 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record(comment ?? "the condition never held", sourceLocation: sourceLocation)
        throw JobTestingTimeout()
    }

    struct JobTestingTimeout: Error {}
}
