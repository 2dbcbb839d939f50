import TernCore
import TernTestSupport
import Testing
@testable import TernStore

/// A node that has recorded events for an identifier may remember which contact holds it
/// (PostgreSQL's ``IdentityCache``). Another node that deletes, merges or re-identifies that
/// contact must not leave the first node recording into the wrong one.
extension StoreContractTests {
    @Test(arguments: StoreKind.available)
    func aNodeRecordsForTheContactThatHoldsTheIdentifierAfterAnotherNodeChangedIt(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let workspace = try await test.store.createWorkspace(name: "A", now: 0).workspace.id
            try await test.withWriters(2) { nodes in
                let (recorder, editor) = (nodes[0], nodes[1])
                func record(_ identity: ContactIdentity, at time: Int64) async throws -> RecordOutcome {
                    let event = RecordableEvent(event: "cl_x", time: time, contact: identity, source: .api)
                    return try await recorder.record([EventBatch(workspaceId: workspace, events: [event], receivedAt: time)])[0][0]
                }
                func contactId(_ outcome: RecordOutcome) throws -> Int64 { try #require(Self.recorded(outcome)).contactId }

                // The recorder meets four contacts, twice each (so it has looked them up as well as created them).
                let identities = [
                    ContactIdentity(externalId: "u-renamed"), ContactIdentity(phone: "+447700900101"),
                    ContactIdentity(externalId: "u-absorbed", email: "merged@example.com"), ContactIdentity(externalId: "u-survivor"),
                ]
                var ids: [Int64] = []
                for identity in identities {
                    let first = try contactId(try await record(identity, at: 10))
                    #expect(try contactId(try await record(identity, at: 11)) == first)
                    ids.append(first)
                }
                let (renamed, deleted, absorbed, survivor) = (ids[0], ids[1], ids[2], ids[3])
                #expect(try contactId(try await record(ContactIdentity(email: "merged@example.com"), at: 12)) == absorbed)

                // Another node changes each of them.
                #expect(try await editor.updateContact(
                    workspaceId: workspace, id: renamed, changes: ContactChanges(externalId: .some("u-new-name")), now: 20) != nil)
                #expect(try await editor.deleteContact(workspaceId: workspace, id: deleted))
                #expect(try await editor.alias(workspaceId: workspace, previousId: "u-absorbed", userId: "u-survivor", now: 21).id == survivor)

                // The recorder follows the database, not what it saw before.
                let afterRename = try contactId(try await record(ContactIdentity(externalId: "u-renamed"), at: 30))
                #expect(afterRename != renamed, "the old externalId no longer names the renamed contact")
                #expect(try contactId(try await record(ContactIdentity(externalId: "u-new-name"), at: 31)) == renamed)
                let afterDelete = try contactId(try await record(ContactIdentity(phone: "+447700900101"), at: 32))
                #expect(afterDelete != deleted, "a deleted contact gets no events")
                #expect(try contactId(try await record(ContactIdentity(email: "merged@example.com"), at: 33)) == survivor,
                        "the merged contact's email moved to the survivor")
                #expect(try contactId(try await record(ContactIdentity(externalId: "u-absorbed"), at: 34)) == survivor,
                        "the merged contact's userId names the survivor")
                #expect(try await record(ContactIdentity(id: deleted), at: 34)
                        == .rejected(field: "contactId", message: "no contact with id \(ContactID.format(deleted))"))

                for gone in [deleted, absorbed] {
                    #expect(try await recorder.events(EventQuery(workspaceId: workspace, contactId: gone)).events.isEmpty)
                }
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func anEventAfterAMergeInTheSameBatchSeesTheMerge(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            func record(_ identities: [ContactIdentity], at time: Int64) async throws -> [RecordOutcome] {
                let events = identities.map { RecordableEvent(event: "cl_x", time: time, contact: $0, source: .api) }
                return try await store.record([EventBatch(workspaceId: workspace, events: events, receivedAt: time)])[0]
            }
            let visitor = try #require(Self.recorded(try await record([ContactIdentity(anonymousId: "anon-1")], at: 10)[0])).contactId
            let known = try #require(Self.recorded(try await record([ContactIdentity(externalId: "u1")], at: 11)[0])).contactId
            #expect(Self.recorded(try await record([ContactIdentity(id: visitor)], at: 12)[0])?.contactId == visitor)

            // The first event merges the visitor into u1's contact; the second, in the same batch, names the visitor.
            let outcomes = try await record([ContactIdentity(externalId: "u1", anonymousId: "anon-1"), ContactIdentity(id: visitor)], at: 20)
            #expect(Self.recorded(outcomes[0])?.contactId == known)
            #expect(outcomes[1] == .rejected(field: "contactId", message: "no contact with id \(ContactID.format(visitor))"))
        }
    }
}
