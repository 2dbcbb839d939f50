import Synchronization
import TernCore
import TernTestSupport
import Testing
@testable import TernStore

/// The writer over each store. On PostgreSQL a transaction hands the writer's turn on as it starts
/// to commit, so the next group's transaction runs while this one's commit is flushed, waiting on
/// the workspace's lock; what one commits the next must still see.
@Suite struct EventWriterStoreTests {
    @Test(arguments: StoreKind.available)
    func onlyAStoreWhoseNextTransactionCanWaitOnItsLocksHandsTheTurnOnBeforeItEnds(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let workspace = try await test.store.createWorkspace(name: "A", now: 0).workspace.id
            let calls = Mutex(0)
            let event = RecordableEvent(event: "cl_x", time: 1, contact: ContactIdentity(externalId: "u1"), source: .api)
            let outcomes = try await test.store.record([EventBatch(workspaceId: workspace, events: [event], receivedAt: 1)]) {
                calls.withLock { $0 += 1 }
            }
            guard case .recorded = outcomes[0][0] else { Issue.record("\(outcomes)"); return }
            #expect(calls.withLock { $0 } == (kind == .postgres ? 1 : 0))
        }
    }

    /// Concurrent requests through one writer, so groups overlap on PostgreSQL: requests repeat
    /// each other's messageIds and name the same new contacts. Each messageId is recorded once
    /// (its repeats answer `duplicate` with its event) and each externalId is one contact.
    @Test(arguments: StoreKind.available)
    func overlappingGroupsSeeWhatTheGroupBeforeCommitted(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let writer = EventWriter(store: store, maximumEventsPerTransaction: 40)
            let requests = 60
            let answers = try await withThrowingTaskGroup(of: [(messageId: String, outcome: RecordOutcome)].self) { group in
                for request in 0..<requests {
                    group.addTask {
                        // Request r names messages r…r+9 (so each is also in nine other requests) and contacts by message number.
                        let events = (request..<request + 10).map { message in
                            RecordableEvent(
                                event: "cl_x", time: Int64(message), contact: ContactIdentity(externalId: "u\(message % 25)"),
                                messageId: "m\(message)", source: .api)
                        }
                        let outcomes = try await writer.record(EventBatch(workspaceId: workspace, events: events, receivedAt: 1))
                        return zip(events, outcomes).map { ($0.messageId!, $1) }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            var recorded: [String: Int64] = [:]
            var duplicates: [(String, Int64)] = []
            for (messageId, outcome) in answers {
                switch outcome {
                case .recorded(let eventId, _):
                    #expect(recorded[messageId] == nil, "\(messageId) recorded twice")
                    recorded[messageId] = eventId
                case .duplicate(let eventId, _): duplicates.append((messageId, eventId))
                case .rejected(let field, let message): Issue.record("\(messageId) refused: \(field) \(message)")
                }
            }
            let messages = requests + 9
            #expect(recorded.count == messages)
            #expect(duplicates.count == requests * 10 - messages)
            for (messageId, eventId) in duplicates { #expect(recorded[messageId] == eventId, "\(messageId)") }
            let stored = try await store.events(EventQuery(workspaceId: workspace, event: "cl_x", limit: 1000)).events
            #expect(stored.count == messages)
            let contacts = try await store.contacts(workspaceId: workspace, filter: .all, after: nil, limit: 1000)
            #expect(contacts.count == 25)
            #expect(Set(contacts.compactMap(\.externalId)).count == 25)
        }
    }
}
