import Synchronization
import TernCore
import Testing
@testable import TernStore

@Suite struct EventWriterTests {
    static func event(_ n: Int) -> RecordableEvent {
        RecordableEvent(event: "cl_x", time: Int64(n), contact: ContactIdentity(externalId: "u\(n)"), source: .api)
    }

    /// A transaction that takes a moment, numbering events in arrival order and counting transactions.
    final class SlowRecorder: Sendable {
        let transactions = Mutex(0)
        let nextID = Mutex<Int64>(1)
        let failNext = Mutex(false)

        func record(_ batches: [EventBatch], committing: @Sendable () -> Void) async throws -> [[RecordOutcome]] {
            transactions.withLock { $0 += 1 }
            try await Task.sleep(for: .milliseconds(5))
            if failNext.withLock({ let fail = $0; $0 = false; return fail }) { throw CancellationError() }
            return batches.map { batch in
                batch.events.map { _ in
                    let id = nextID.withLock { id in defer { id += 1 }; return id }
                    return .recorded(eventId: id, contactId: 1)
                }
            }
        }
    }

    @Test func concurrentRequestsShareTransactions() async throws {
        let recorder = SlowRecorder()
        let writer = EventWriter(record: recorder.record)
        let requests = 200
        let outcomes = try await withThrowingTaskGroup(of: [RecordOutcome].self) { group in
            for n in 0..<requests {
                group.addTask {
                    try await writer.record(EventBatch(workspaceId: 1, events: [Self.event(n), Self.event(n + 1000)], receivedAt: 0))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == requests)
        #expect(outcomes.allSatisfy { $0.count == 2 })
        let ids = outcomes.flatMap { $0 }.compactMap { outcome -> Int64? in
            if case .recorded(let id, _) = outcome { return id }
            return nil
        }
        #expect(Set(ids).count == 2 * requests, "every caller gets its own outcomes")
        let transactions = recorder.transactions.withLock { $0 }
        #expect(transactions < requests / 4, "\(transactions) transactions for \(requests) requests")
    }

    @Test func aFailedTransactionFailsItsCallersAndTheWriterGoesOn() async throws {
        let recorder = SlowRecorder()
        recorder.failNext.withLock { $0 = true }
        let writer = EventWriter(record: recorder.record)
        await #expect(throws: CancellationError.self) {
            try await writer.record(EventBatch(workspaceId: 1, events: [Self.event(1)], receivedAt: 0))
        }
        let after = try await writer.record(EventBatch(workspaceId: 1, events: [Self.event(2)], receivedAt: 0))
        #expect(after.count == 1)
    }

    @Test func aWriterTooFarBehindRefusesNewEventsSoClientsRetry() async throws {
        let release = AsyncStream<Void>.makeStream()
        let writer = EventWriter(maximumQueuedEvents: 10) { batches, _ in
            for await _ in release.stream { break }
            return batches.map { $0.events.map { _ in .recorded(eventId: 1, contactId: 1) } }
        }
        // The first batch is taken by the (held) transaction; the next ones queue up to the limit.
        let first = Task { try await writer.record(EventBatch(workspaceId: 1, events: (0..<5).map(Self.event), receivedAt: 0)) }
        try await Task.sleep(for: .milliseconds(50))
        let queued = Task { try await writer.record(EventBatch(workspaceId: 1, events: (0..<8).map(Self.event), receivedAt: 0)) }
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: EventWriter.Overloaded.self) {
            try await writer.record(EventBatch(workspaceId: 1, events: (0..<3).map(Self.event), receivedAt: 0))
        }
        release.continuation.yield()
        release.continuation.yield()
        #expect(try await first.value.count == 5)
        #expect(try await queued.value.count == 8)
    }

    @Test func oneTransactionHoldsAtMostTheLimitUnlessOneBatchIsLarger() async throws {
        let sizes = Mutex<[Int]>([])
        let writer = EventWriter(maximumEventsPerTransaction: 10) { batches, _ in
            sizes.withLock { $0.append(batches.reduce(0) { $0 + $1.events.count }) }
            try await Task.sleep(for: .milliseconds(2))
            return batches.map { $0.events.map { _ in .recorded(eventId: 1, contactId: 1) } }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<20 {
                group.addTask {
                    let events = (0..<(n == 0 ? 25 : 3)).map(Self.event)
                    _ = try await writer.record(EventBatch(workspaceId: 1, events: events, receivedAt: 0))
                }
            }
            try await group.waitForAll()
        }
        let recorded = sizes.withLock { $0 }
        let total: Int = recorded.reduce(0, +)
        #expect(total == 25 + 19 * 3)
        #expect(recorded.allSatisfy { $0 <= 10 || $0 == 25 })
    }

    /// As PostgreSQL's store does, each transaction hands the turn on as it starts to commit: the
    /// next group starts then, while this one commits, but two groups never run their statements
    /// at once, and a second call hands nothing more on.
    @Test func aTransactionHandingTheTurnOnLetsTheNextGroupStartWhileItCommits() async throws {
        struct Counts { var working = 0, mostWorking = 0, started = 0, overlapped = false }
        let counts = Mutex(Counts())
        let writer = EventWriter(maximumEventsPerTransaction: 10) { batches, committing in
            let number = counts.withLock { counts in
                counts.working += 1
                counts.mostWorking = max(counts.mostWorking, counts.working)
                counts.started += 1
                return counts.started
            }
            try await Task.sleep(for: .milliseconds(2))  // its statements
            counts.withLock { $0.working -= 1 }
            committing()
            committing()
            if number == 1 {  // its commit lasts until the next group has started (or 5 s)
                var waited = 0
                while counts.withLock({ $0.started }) < 2, waited < 5_000 {
                    try await Task.sleep(for: .milliseconds(1))
                    waited += 1
                }
                counts.withLock { $0.overlapped = $0.started >= 2 }
            }
            return batches.map { $0.events.map { _ in .recorded(eventId: 1, contactId: 1) } }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<50 {
                group.addTask { _ = try await writer.record(EventBatch(workspaceId: 1, events: [Self.event(n)], receivedAt: 0)) }
            }
            try await group.waitForAll()
        }
        let final = counts.withLock { $0 }
        #expect(final.overlapped, "the next group started while the first committed")
        #expect(final.mostWorking == 1)
        #expect(final.started >= 5, "50 events, at most 10 per transaction")
    }
}
