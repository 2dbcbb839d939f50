import TernTestSupport
import Testing
@testable import TernStore

/// The durable job table, with the same semantics on every store: SQLite always, PostgreSQL when
/// `TERN_TEST_POSTGRES_URL` is set.
struct JobQueueTests {
    /// Enqueues one job of `kind` due at 0 and claims it for owner "a" at 0 with a 1 s lease.
    static func enqueueAndClaim(_ queue: any JobQueue, kind: String) async throws -> (id: Int64, claim: ClaimedJob) {
        let id = try await queue.enqueue([JobRequest(workspaceId: 1, kind: kind, payload: "{}", runAt: 0)], now: 0)[0]
        let claim = try #require(try await queue.claim(kinds: [kind], owner: "a", now: 0, lease: 1_000, limit: 1).first)
        return (id, claim)
    }

    @Test(arguments: StoreKind.available)
    func jobsWithAKeyAreAddedOnceAndClaimedEarliestFirst(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let queue = test.store
            let ids = try await queue.enqueue([
                JobRequest(workspaceId: 1, kind: "webhook", key: "order-1", payload: #"{"n":1}"#, runAt: 30),
                JobRequest(workspaceId: 1, kind: "webhook", payload: #"{"n":2}"#, runAt: 10),
                JobRequest(workspaceId: 1, kind: "journey", payload: "{}", runAt: 0),
                JobRequest(workspaceId: 1, kind: "webhook", payload: #"{"n":4}"#, runAt: 99),
            ], now: 0)
            let again = try await queue.enqueue([JobRequest(workspaceId: 1, kind: "webhook", key: "order-1", payload: "{}", runAt: 0)], now: 1)
            #expect(again == [ids[0]])
            let claimed = try await queue.claim(kinds: ["webhook"], owner: "a", now: 50, lease: 1_000, limit: 10)
            #expect(claimed.map(\.id) == [ids[1], ids[0]], "due webhooks, earliest first; not the journey, not the later one")
            #expect(claimed.map(\.payload) == [#"{"n":2}"#, #"{"n":1}"#])
            #expect(claimed.allSatisfy { $0.attempt == 1 && $0.leaseUntil == 1_050 })
            #expect(try await queue.claim(kinds: ["webhook"], owner: "b", now: 60, lease: 1_000, limit: 10).isEmpty, "leased")
            #expect(try await queue.complete(claimed[0], now: 70))
            #expect(try await queue.complete(claimed[0], now: 71) == false, "done once")
            let record = try #require(try await queue.job(id: ids[1]))
            #expect(record.state == .done && record.doneAt == 70 && record.owner == "a" && record.attempts == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func aJobWhoseClaimerDiesIsFinishedByAnotherNodeExactlyOnce(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            try await test.withWriters(2) { nodes in
                let (a, b) = (nodes[0], nodes[1])
                let ids = try await a.enqueue((0..<5).map { _ in JobRequest(workspaceId: 1, kind: "step", payload: "{}", runAt: 0) }, now: 0)
                let held = try await a.claim(kinds: ["step"], owner: "a", now: 100, lease: 1_000, limit: 5)
                #expect(held.count == 5)
                // Node a dies holding them: nothing happens until the lease ends.
                #expect(try await b.claim(kinds: ["step"], owner: "b", now: 1_099, lease: 1_000, limit: 5).isEmpty)
                let takenOver = try await b.claim(kinds: ["step"], owner: "b", now: 1_100, lease: 1_000, limit: 5)
                #expect(Set(takenOver.map(\.id)) == Set(ids) && takenOver.allSatisfy { $0.attempt == 2 })
                for job in takenOver { #expect(try await b.complete(job, now: 1_200)) }
                // The old claim, if its node comes back, finishes nothing.
                for job in held { #expect(try await a.complete(job, now: 1_300) == false) }
                for id in ids {
                    let record = try #require(try await a.job(id: id))
                    #expect(record.state == .done && record.owner == "b" && record.attempts == 2 && record.doneAt == 1_200)
                }
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func aRenewedLeaseKeepsTheJobAndOnlyTheClaimHoldingItCanRenewIt(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let queue = test.store
            let (id, first) = try await Self.enqueueAndClaim(queue, kind: "export")
            #expect(try await queue.renew(first, until: 2_000))
            #expect(try await queue.job(id: id)?.leaseUntil == 2_000)
            #expect(try await queue.claim(kinds: ["export"], owner: "b", now: 1_500, lease: 1_000, limit: 1).isEmpty, "still held")
            // Its node stalls past the renewed lease: another claim takes the job, and the old one
            // can neither renew nor finish it.
            let second = try #require(try await queue.claim(kinds: ["export"], owner: "b", now: 2_000, lease: 1_000, limit: 1).first)
            #expect(second.attempt == 2)
            #expect(try await queue.renew(first, until: 9_000) == false)
            #expect(try await queue.job(id: id)?.leaseUntil == 3_000)
            #expect(try await queue.complete(second, now: 2_500))
            #expect(try await queue.renew(second, until: 9_000) == false, "a finished job has no lease")
            let record = try #require(try await queue.job(id: id))
            #expect(record.state == .done && record.owner == "b" && record.leaseUntil == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func concurrentClaimersOnTwoNodesNeverShareAJob(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            try await test.withWriters(2) { nodes in
                let ids = try await nodes[0].enqueue(
                    (0..<200).map { JobRequest(workspaceId: 1, kind: "delivery", payload: "{\"n\":\($0)}", runAt: 0) }, now: 0)
                let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                    for (index, node) in nodes.enumerated() {
                        for worker in 0..<3 {
                            group.addTask {
                                let queue = node
                                var mine: [Int64] = []
                                while true {
                                    let jobs = try await queue.claim(kinds: ["delivery"], owner: "n\(index)w\(worker)", now: 1, lease: 60_000, limit: 7)
                                    if jobs.isEmpty { return mine }
                                    for job in jobs where try await queue.complete(job, now: 2) { mine.append(job.id) }
                                }
                            }
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                #expect(claimed.count == ids.count && Set(claimed) == Set(ids), "each job once")
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func aReleasedJobRunsAgainLaterWithItsError(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let queue = test.store
            let (id, first) = try await Self.enqueueAndClaim(queue, kind: "webhook")
            #expect(try await queue.release(first, retryAt: 5_000, error: "503 from the endpoint", now: 10))
            #expect(try await queue.claim(kinds: ["webhook"], owner: "a", now: 4_999, lease: 1_000, limit: 1).isEmpty)
            let second = try #require(try await queue.claim(kinds: ["webhook"], owner: "a", now: 5_000, lease: 1_000, limit: 1).first)
            #expect(second.id == id && second.attempt == 2)
            #expect(try await queue.job(id: id)?.lastError == "503 from the endpoint")
        }
    }

    @Test(arguments: StoreKind.available)
    func aFailedJobEndsWithItsErrorAndIsNeverClaimedAgain(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let queue = test.store
            let request = JobRequest(workspaceId: 1, kind: "webhook", key: "bad", payload: "not json", runAt: 0)
            let id = try await queue.enqueue([request], now: 0)[0]
            let claimed = try #require(try await queue.claim(kinds: ["webhook"], owner: "a", now: 0, lease: 1_000, limit: 1).first)
            #expect(try await queue.fail(claimed, error: "the payload is not JSON", now: 20))
            #expect(try await queue.complete(claimed, now: 21) == false, "ended once")
            #expect(try await queue.claim(kinds: ["webhook"], owner: "b", now: 99_000, lease: 1_000, limit: 1).isEmpty)
            #expect(try await queue.enqueue([request], now: 30) == [id], "its key is still taken")
            let record = try #require(try await queue.job(id: id))
            #expect(record.state == .failed && record.lastError == "the payload is not JSON" && record.doneAt == 20)
        }
    }
}
