import TernCore
import TernTestSupport
import Testing
@testable import TernStore

/// PostgreSQL text cannot hold U+0000. Requests refuse it before any store sees it; events made
/// inside Tern reach the store directly, and there one such event is refused alone, naming its
/// field, while the rest of its group commit is recorded (the transaction does not fail).
@Suite struct PostgresUnstorableTextTests {
    @Test(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipReason)))
    func anEventWithTextPostgreSQLCannotStoreIsRefusedAlone() async throws {
        try await TestStore.with(.postgres) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            try await store.createDefinition(EventDefinition(id: "cl_x", name: "X", direction: .inbound, score: 1), workspaceId: workspace)
            func event(_ externalId: String, messageId: String? = nil, tags: [String] = []) -> RecordableEvent {
                RecordableEvent(event: "cl_x", time: 1, contact: ContactIdentity(externalId: externalId), contentTags: tags,
                                messageId: messageId, source: .api, score: 1)
            }
            let events = [
                event("u1"), event("u\u{0}2"), event("u3", messageId: "m\u{0}"), event("u4", tags: ["ok", "b\u{0}d"]), event("u5"),
            ]
            let outcomes = try await store.record([EventBatch(workspaceId: workspace, events: events, receivedAt: 10)])[0]
            let refused = outcomes.map { outcome -> String? in
                if case .rejected(let field, _) = outcome { field } else { nil }
            }
            #expect(refused == [nil, "externalId", "messageId", "contentTags[1]", nil])
            let stored = try await store.events(EventQuery(workspaceId: workspace, event: "cl_x")).events
            #expect(stored.count == 2)
        }
    }
}
