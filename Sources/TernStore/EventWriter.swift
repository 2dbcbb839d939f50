import Synchronization

/// The single writer: batches from concurrent requests are queued and recorded together in
/// one transaction (group commit), while the previous transaction commits. Each caller resumes
/// only after the transaction holding its events has committed.
///
/// One group at a time holds the writer's turn. A store may hand the turn on as its transaction
/// starts to commit (PostgreSQL does: the next transaction then already waits on the workspace's
/// lock while this one's commit is flushed, instead of starting once the commit has come back);
/// otherwise the turn passes when the transaction ends.
///
/// ```swift
/// let writer = EventWriter(store: store)
/// let outcomes = try await writer.record(batch)   // returns after COMMIT
/// ```
public final class EventWriter: Sendable {
    private struct Pending {
        var batch: EventBatch
        var continuation: CheckedContinuation<[RecordOutcome], any Error>
    }

    private struct State {
        var queue: [Pending] = []
        var queuedEvents = 0
        /// A group is being recorded and has not handed the turn on.
        var turnTaken = false
    }

    /// Thrown instead of queueing when the writer is this far behind: callers should retry later.
    public struct Overloaded: Error, Sendable {}

    /// Records batches in one transaction, calling `committing` as it starts to commit (the first
    /// call hands the turn on): ``Store/record(_:committing:)``.
    public typealias RecordInOneTransaction =
        @Sendable (_ batches: [EventBatch], _ committing: @Sendable () -> Void) async throws -> [[RecordOutcome]]

    private let recordInOneTransaction: RecordInOneTransaction
    private let state = Mutex(State())
    /// An upper bound on events per transaction, so one commit never grows without limit.
    private let maximumEventsPerTransaction: Int
    /// How many events may wait before new ones are refused with ``Overloaded``.
    private let maximumQueuedEvents: Int

    public convenience init(store: any Store, maximumEventsPerTransaction: Int = 20_000, maximumQueuedEvents: Int = 200_000) {
        self.init(
            maximumEventsPerTransaction: maximumEventsPerTransaction, maximumQueuedEvents: maximumQueuedEvents,
            record: store.record(_:committing:))
    }

    public init(
        maximumEventsPerTransaction: Int = 20_000, maximumQueuedEvents: Int = 200_000, record: @escaping RecordInOneTransaction
    ) {
        self.recordInOneTransaction = record
        self.maximumEventsPerTransaction = maximumEventsPerTransaction
        self.maximumQueuedEvents = maximumQueuedEvents
    }

    public func record(_ batch: EventBatch) async throws -> [RecordOutcome] {
        try await withCheckedThrowingContinuation { continuation in
            let (accepted, takeTurn) = state.withLock { state -> (Bool, Bool) in
                guard state.queuedEvents + batch.events.count <= maximumQueuedEvents || state.queue.isEmpty else { return (false, false) }
                state.queue.append(Pending(batch: batch, continuation: continuation))
                state.queuedEvents += batch.events.count
                if state.turnTaken { return (true, false) }
                state.turnTaken = true
                return (true, true)
            }
            if !accepted { continuation.resume(throwing: Overloaded()) }
            if takeTurn {
                Task { await self.recordNextGroup() }
            }
        }
    }

    /// Records the queue's next group with the turn held, and hands the turn on when the store
    /// says its transaction is committing or, at the latest, when it has ended.
    private func recordNextGroup() async {
        let group: [Pending] = state.withLock { state in
            var taken = 0
            var count = 0
            while taken < state.queue.count, count == 0 || count + state.queue[taken].batch.events.count <= maximumEventsPerTransaction {
                count += state.queue[taken].batch.events.count
                taken += 1
            }
            let group = Array(state.queue.prefix(taken))
            state.queue.removeFirst(taken)
            state.queuedEvents -= count
            return group
        }
        let turn = Turn(writer: self)
        do {
            let outcomes = try await recordInOneTransaction(group.map(\.batch), turn.handOn)
            for (pending, outcome) in zip(group, outcomes) { pending.continuation.resume(returning: outcome) }
        } catch {
            for pending in group { pending.continuation.resume(throwing: error) }
        }
        turn.handOn()
    }

    /// One group's hold on the writer's turn, handed on once.
    private final class Turn: Sendable {
        private let held = Mutex(true)
        private let writer: EventWriter

        init(writer: EventWriter) { self.writer = writer }

        func handOn() {
            if held.withLock({ held in defer { held = false }; return held }) { writer.handOnTurn() }
        }
    }

    private func handOnTurn() {
        let more = state.withLock { state in
            if state.queue.isEmpty { state.turnTaken = false }
            return state.turnTaken
        }
        if more {
            Task { await self.recordNextGroup() }
        }
    }
}
