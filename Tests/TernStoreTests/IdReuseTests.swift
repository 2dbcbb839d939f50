import Foundation
import TernCore
import TernStore
import TernTestSupport
import Testing

/// Ids are never reused: a client paging events by id must not miss an event that took the id of
/// a deleted one, and a contact id names one customer forever.
@Suite struct IdReuseTests {
    @Test(arguments: StoreKind.available)
    func deletingTheNewestContactAndItsEventsFreesNoIds(kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            try await store.createDefinition(EventDefinition(id: "cl_x", name: "X", direction: .inbound), workspaceId: workspace)
            func record(_ externalId: String) async throws -> (event: Int64, contact: Int64) {
                let event = RecordableEvent(event: "cl_x", time: 1, contact: ContactIdentity(externalId: externalId), source: .api)
                let outcome = try await store.record([EventBatch(workspaceId: workspace, events: [event], receivedAt: 1)])[0][0]
                guard case .recorded(let eventId, let contactId) = outcome else { throw CancellationError() }
                return (eventId, contactId)
            }
            _ = try await record("first")
            let newest = try await record("newest")
            #expect(try await store.deleteContact(workspaceId: workspace, id: newest.contact))
            let after = try await record("after")
            #expect(after.contact > newest.contact)
            #expect(after.event > newest.event)
        }
    }
}
