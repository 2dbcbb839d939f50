import Synchronization
import TernServer
import TernStore
import TernTestSupport
import Testing

/// A running job's lease is renewed, so a handler may outlast it; a claim that is lost anyway
/// stops its handler.
struct JobLeaseTests {
    @Test(arguments: StoreKind.available)
    func aHandlerThatRunsLongerThanItsLeaseRunsOnceWhileAnotherRunnerWaits(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store, slow = SlowJob(duration: .milliseconds(7_000))
            let id = try await store.enqueue([JobRequest(workspaceId: 1, kind: slow.kind, payload: "{}", runAt: systemClock())], now: systemClock())[0]
            // Real time: a lease of 3 s, renewed every second (a renewal may be 2 s late before the
            // other runner can take the job), and a handler that takes more than two leases.
            let runners = ["a", "b"].map { owner in
                JobRunner(
                    queue: store, handlers: [slow], configuration: .init(owner: owner, lease: 3_000, pollInterval: 20),
                    logger: JobTesting.logger)
            }
            try await JobTesting.running(runners[0], runners[1]) {
                try await JobTesting.eventually { try await store.job(id: id)?.state == .done }
            }
            let record = try #require(try await store.job(id: id))
            #expect(slow.runs == 1, "the other runner never took the job over")
            #expect(record.attempts == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func aHandlerWhoseClaimWasTakenOverIsStoppedAndLeavesTheJobToTheNewClaim(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store, clock = TestClock(JobRunnerTests.start), stuck = SlowJob(duration: .seconds(3_600))
            let id = try await store.enqueue([JobRequest(workspaceId: 1, kind: stuck.kind, payload: "{}", runAt: clock.now)], now: clock.now)[0]
            let runner = JobRunner(
                queue: store, handlers: [stuck], configuration: .init(owner: "a", lease: 300, pollInterval: 20),
                now: { clock.now }, logger: JobTesting.logger)
            try await JobTesting.running(runner) {
                try await JobTesting.eventually { stuck.runs == 1 }
                // As if node a had stalled past its lease: another node claims the job.
                let taken = try await store.claim(kinds: [stuck.kind], owner: "b", now: clock.now + 10_000, lease: 60_000, limit: 1)
                #expect(taken.map(\.attempt) == [2])
                try await JobTesting.eventually("a's next renewal fails and stops its handler") { stuck.cancelled == 1 }
            }
            let record = try #require(try await store.job(id: id))
            #expect(record.state == .queued && record.owner == "b" && record.attempts == 2 && record.lastError == nil,
                    "the old claim neither finished nor released the job")
        }
    }
}

/// Sleeps for `duration`, counting its runs and the runs cancelled before the end.
final class SlowJob: JobHandler {
    let kind = "test.slow"
    let duration: Duration
    private let counts = Mutex((runs: 0, cancelled: 0))
    var runs: Int { counts.withLock { $0.runs } }
    var cancelled: Int { counts.withLock { $0.cancelled } }

    init(duration: Duration) { self.duration = duration }

    func run(_ job: ClaimedJob, now: Int64) async throws -> JobResult {
        counts.withLock { $0.runs += 1 }
        do {
            try await Task.sleep(for: duration)
        } catch {
            counts.withLock { $0.cancelled += 1 }
            throw error
        }
        return .done
    }
}
