import Synchronization

/// The single writer: batches from concurrent requests are queued and recorded together in
/// one transaction (group commit), while the previous transaction commits. Each caller resumes
/// only after the transaction holding its events has committed.
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
        var draining = false
    }

    /// Thrown instead of queueing when the writer is this far behind: callers should retry later.
    public struct Overloaded: Error, Sendable {}

    /// Records batches in one transaction: ``Store/record(_:)``.
    public typealias RecordInOneTransaction = @Sendable ([EventBatch]) async throws -> [[RecordOutcome]]

    private let recordInOneTransaction: RecordInOneTransaction
    private let state = Mutex(State())
    /// An upper bound on events per transaction, so one commit never grows without limit.
    private let maximumEventsPerTransaction: Int
    /// How many events may wait before new ones are refused with ``Overloaded``.
    private let maximumQueuedEvents: Int

    public convenience init(store: any Store, maximumEventsPerTransaction: Int = 20_000, maximumQueuedEvents: Int = 200_000) {
        self.init(
            maximumEventsPerTransaction: maximumEventsPerTransaction, maximumQueuedEvents: maximumQueuedEvents, record: store.record)
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
            let (accepted, startDrain) = state.withLock { state -> (Bool, Bool) in
                guard state.queuedEvents + batch.events.count <= maximumQueuedEvents || state.queue.isEmpty else { return (false, false) }
                state.queue.append(Pending(batch: batch, continuation: continuation))
                state.queuedEvents += batch.events.count
                if state.draining { return (true, false) }
                state.draining = true
                return (true, true)
            }
            if !accepted { continuation.resume(throwing: Overloaded()) }
            if startDrain {
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while true {
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
                if group.isEmpty { state.draining = false }
                return group
            }
            if group.isEmpty { return }
            do {
                let outcomes = try await recordInOneTransaction(group.map(\.batch))
                for (pending, outcome) in zip(group, outcomes) { pending.continuation.resume(returning: outcome) }
            } catch {
                for pending in group { pending.continuation.resume(throwing: error) }
            }
        }
    }
}
