import TernCore
import TernTestSupport
import Testing
@testable import TernStore

/// Materials on every store: kept per workspace, and an event on a material carries the tags the
/// material has when the event is recorded.
@Suite struct MaterialStoreTests {
    @Test(arguments: StoreKind.available)
    func materialsArePutReplacedListedInIdOrderAndDeleted(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let a = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let b = try await store.createWorkspace(name: "B", now: 0).workspace.id
            let created = try await store.putMaterial(workspaceId: a, id: "welcome", name: "Welcome", contentTags: ["onboarding"], now: 10)
            #expect(created.created)
            #expect(created.material == Material(id: "welcome", name: "Welcome", contentTags: ["onboarding"], createdAt: 10, updatedAt: 10))
            let replaced = try await store.putMaterial(workspaceId: a, id: "welcome", name: "Welcome 2", contentTags: ["a", "b"], now: 20)
            #expect(!replaced.created)
            #expect(replaced.material == Material(id: "welcome", name: "Welcome 2", contentTags: ["a", "b"], createdAt: 10, updatedAt: 20))
            #expect(try await store.material(workspaceId: a, id: "welcome") == replaced.material)
            for id in ["Zeta", "alpha", "p-1.html"] {
                _ = try await store.putMaterial(workspaceId: a, id: id, name: id, contentTags: [], now: 30)
            }
            // Byte order: upper case before lower case, "p-1.html" before "welcome".
            #expect(try await store.materials(workspaceId: a, after: nil, limit: 10).map(\.id) == ["Zeta", "alpha", "p-1.html", "welcome"])
            #expect(try await store.materials(workspaceId: a, after: "alpha", limit: 1).map(\.id) == ["p-1.html"])

            #expect(try await store.material(workspaceId: b, id: "welcome") == nil)
            #expect(try await store.materials(workspaceId: b, after: nil, limit: 10).isEmpty)
            #expect(try await !store.deleteMaterial(workspaceId: b, id: "welcome"))
            #expect(try await store.deleteMaterial(workspaceId: a, id: "welcome"))
            #expect(try await store.material(workspaceId: a, id: "welcome") == nil)
            #expect(try await !store.deleteMaterial(workspaceId: a, id: "welcome"))
        }
    }

    @Test(arguments: StoreKind.available)
    func anEventTakesTheTagsItsMaterialHasWhenItIsRecorded(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            _ = try await store.putMaterial(workspaceId: workspace, id: "spring-sale", name: "Spring sale", contentTags: ["sale", "shoes"], now: 0)
            let contact = ContactIdentity(externalId: "u1")
            func event(_ tags: [String], material: String?) -> RecordableEvent {
                RecordableEvent(event: "cl_x", time: 100, contact: contact, contentTags: tags, source: .api, score: 1, materialId: material)
            }
            // The event's own tags first, then the material's it lacks; then one on no material.
            _ = try await store.record([EventBatch(workspaceId: workspace, events: [
                event(["shoes", "red"], material: "spring-sale"), event(["red"], material: nil),
            ], receivedAt: 100)])
            _ = try await store.putMaterial(workspaceId: workspace, id: "spring-sale", name: "Spring sale", contentTags: ["hats"], now: 150)
            _ = try await store.record([EventBatch(workspaceId: workspace, events: [event([], material: "spring-sale")], receivedAt: 200)])

            let events = try await store.events(EventQuery(workspaceId: workspace, event: "cl_x")).events
            #expect(events.map(\.contentTags) == [["shoes", "red", "sale"], ["red"], ["hats"]])
            #expect(events.map(\.materialId) == ["spring-sale", nil, "spring-sale"])
            let contactId = try #require(events.first?.contactId)
            let rollups = try await store.rollups(workspaceId: workspace)
            #expect(rollups[contactId]?.tags == ["shoes": 1, "red": 2, "sale": 1, "hats": 1])
            #expect(try await store.contacts(workspaceId: workspace, filter: .tag("sale"), after: nil, limit: 10).map(\.id) == [contactId])
            // A rebuild counts the tags stored on the events, not the material's current ones.
            try await store.rebuildRollups(workspaceId: workspace)
            #expect(try await store.rollups(workspaceId: workspace) == rollups)
        }
    }

    @Test(arguments: StoreKind.available)
    func anEventOnAMaterialTheWorkspaceLacksIsRefusedAndCreatesNothing(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let a = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let b = try await store.createWorkspace(name: "B", now: 0).workspace.id
            _ = try await store.putMaterial(workspaceId: b, id: "b-only", name: "B's", contentTags: ["secret"], now: 0)
            let events = [
                RecordableEvent(event: "cl_x", time: 1, contact: ContactIdentity(externalId: "new"), source: .api, materialId: "b-only"),
                RecordableEvent(event: "cl_x", time: 1, contact: ContactIdentity(anonymousId: "anon"), source: .api, materialId: "nope"),
                RecordableEvent(event: "cl_x", time: 1, contact: ContactIdentity(externalId: "u1"), messageId: "m1", source: .api),
            ]
            let outcomes = try await store.record([EventBatch(workspaceId: a, events: events, receivedAt: 1)])[0]
            #expect(outcomes[0] == .rejected(field: "materialId", message: "no material with id \"b-only\"; create it first at /v1/materials"))
            #expect(outcomes[1] == .rejected(field: "materialId", message: "no material with id \"nope\"; create it first at /v1/materials"))
            guard case .recorded(let eventId, let contactId) = outcomes[2] else { Issue.record("\(outcomes[2])"); return }
            #expect(try await store.contact(workspaceId: a, key: .externalId("new")) == nil)
            #expect(try await store.contact(workspaceId: a, key: .anonymousId("anon")) == nil)
            #expect(try await store.rollups(workspaceId: a).values.allSatisfy(\.tags.isEmpty))

            // A retry of a recorded event is a duplicate even if it now names a missing material.
            var retry = events[2]
            retry.materialId = "gone"
            let again = try await store.record([EventBatch(workspaceId: a, events: [retry], receivedAt: 2)])[0][0]
            #expect(again == .duplicate(eventId: eventId, contactId: contactId))
        }
    }
}
