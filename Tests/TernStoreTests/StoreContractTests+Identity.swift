import Foundation
import TernCore
import TernTestSupport
import Testing
@testable import TernStore

/// Identity resolution, merges, the quarantine and workspace settings, on every store.
extension StoreContractTests {
    static func recorded(_ outcome: RecordOutcome) -> (eventId: Int64, contactId: Int64)? {
        if case .recorded(let eventId, let contactId) = outcome { (eventId, contactId) } else { nil }
    }

    @Test(arguments: StoreKind.available)
    func anAnonymousVisitorWhoIdentifiesKeepsTheirContact(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let visit = RecordableEvent(event: "page_viewed", time: 10, contact: ContactIdentity(anonymousId: "anon-1"), source: .browser)
            let signUp = RecordableEvent(
                event: "cl_x", time: 20, contact: ContactIdentity(externalId: "u1", anonymousId: "anon-1"), messageId: "m1", source: .api)
            let outcomes = try await store.record([EventBatch(workspaceId: workspace, events: [visit, signUp, signUp], receivedAt: 30)])[0]
            let first = try #require(Self.recorded(outcomes[0]))
            let second = try #require(Self.recorded(outcomes[1]))
            #expect(first.contactId == second.contactId)
            #expect(outcomes[2] == .duplicate(eventId: second.eventId, contactId: second.contactId))
            let contact = try #require(try await store.contact(workspaceId: workspace, key: .anonymousId("anon-1")))
            #expect(contact.id == first.contactId && contact.externalId == "u1" && contact.anonymousIds == ["anon-1"])
            let events = try await store.events(EventQuery(workspaceId: workspace, contactId: contact.id)).events.map(\.event)
            #expect(events == ["contact_created", "page_viewed", "contact_updated", "cl_x"])
        }
    }

    @Test(arguments: StoreKind.available)
    func anAnonymousContactMergesIntoTheKnownOneWithItsEventsAndRollups(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let known = ContactIdentity(externalId: "u1")
            let anonymous = ContactIdentity(anonymousId: "anon-9")
            let before = try await store.record([EventBatch(workspaceId: workspace, events: [
                RecordableEvent(event: "cl_x", time: 10, contact: known, contentTags: ["vip"], source: .api, score: 5, stage: "lead"),
                RecordableEvent(event: "cl_x", time: 11, contact: anonymous, contentTags: ["vip", "news"], messageId: "m-anon", source: .api, score: 3, stage: "engaged"),
                // The first event of a phone nobody knows, between them: planned with the others.
                RecordableEvent(event: "cl_x", time: 12, contact: ContactIdentity(phone: "+447700900555"), source: .api, score: 1),
            ], receivedAt: 20)])[0]
            let survivor = try #require(Self.recorded(before[0])).contactId
            let absorbed = try #require(Self.recorded(before[1])).contactId
            let link = RecordableEvent(event: "cl_x", time: 30, contact: ContactIdentity(externalId: "u1", anonymousId: "anon-9"), source: .api, score: 1)
            let after = try await store.record([EventBatch(workspaceId: workspace, events: [link], receivedAt: 40)])[0]
            #expect(Self.recorded(after[0])?.contactId == survivor)

            #expect(try await store.contact(workspaceId: workspace, key: .id(absorbed)) == nil)
            let merged = try #require(try await store.contact(workspaceId: workspace, key: .anonymousId("anon-9")))
            #expect(merged.id == survivor && merged.activeness == 9 && merged.stage == "lead" && merged.anonymousIds == ["anon-9"])
            let rollups = try await store.rollups(workspaceId: workspace)
            #expect(rollups[survivor]?.tags == ["vip": 2, "news": 1])
            let timeline = try await store.events(EventQuery(workspaceId: workspace, contactId: survivor, limit: 100)).events
            #expect(timeline.filter { $0.event == "cl_x" }.count == 3)
            let retry = RecordableEvent(event: "cl_x", time: 11, contact: anonymous, messageId: "m-anon", source: .api)
            let duplicate = try await store.record([EventBatch(workspaceId: workspace, events: [retry], receivedAt: 50)])[0][0]
            guard case .duplicate(_, let contactId) = duplicate else { Issue.record("\(duplicate)"); return }
            #expect(contactId == survivor)
            try await store.rebuildRollups(workspaceId: workspace)
            #expect(try await store.rollups(workspaceId: workspace) == rollups)
        }
    }

    @Test(arguments: StoreKind.available)
    func identifyAndAliasJoinTheContactsTheyName(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let byEmail = try await store.upsertContact(
                workspaceId: workspace, identity: ContactIdentity(email: "a@example.com"),
                changes: ContactChanges(attributes: ["plan": .string("free"), "city": .string("Leeds")]), now: 1).contact
            let identified = try await store.identify(
                workspaceId: workspace, identity: ContactIdentity(externalId: "u1", anonymousId: "anon-1"),
                changes: ContactChanges(email: .some("a@example.com"), attributes: ["plan": .string("pro")]), now: 2)
            #expect(identified.email == "a@example.com" && identified.externalId == "u1" && identified.anonymousIds == ["anon-1"])
            #expect(identified.attributes == ["plan": .string("pro"), "city": .string("Leeds")])
            #expect(identified.createdAt == 1)
            #expect(try await store.contact(workspaceId: workspace, key: .id(byEmail.id)) == nil)
            await #expect(throws: ValidationFailure.self) {
                try await store.identify(workspaceId: workspace, identity: ContactIdentity(), changes: .init(), now: 3)
            }

            let aliased = try await store.alias(workspaceId: workspace, previousId: "anon-2", userId: "u1", now: 4)
            #expect(aliased.id == identified.id && aliased.anonymousIds == ["anon-1", "anon-2"])
            let other = try await store.alias(workspaceId: workspace, previousId: "u1", userId: "u2", now: 5)
            #expect(other.externalId == "u2" && other.email == "a@example.com" && other.anonymousIds == ["anon-1", "anon-2"])
            #expect(try await store.contacts(workspaceId: workspace, filter: .all, after: nil, limit: 10).map(\.id) == [other.id])
        }
    }

    @Test(arguments: StoreKind.available)
    func aUserIdMergedAwayByAnAliasStillNamesTheMergedContact(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            func event(_ identity: ContactIdentity) -> RecordableEvent { RecordableEvent(event: "cl_x", time: 1, contact: identity, source: .api) }
            _ = try await store.record([EventBatch(
                workspaceId: workspace, events: [event(ContactIdentity(externalId: "u1")), event(ContactIdentity(externalId: "u2"))],
                receivedAt: 1)])
            let merged = try await store.alias(workspaceId: workspace, previousId: "u1", userId: "u2", now: 2)
            let later = try await store.record([EventBatch(workspaceId: workspace, events: [event(ContactIdentity(externalId: "u1"))], receivedAt: 3)])
            #expect(Self.recorded(later[0][0])?.contactId == merged.id)
            // A new contact named by its phone may still take the old userId, which then names it.
            let phone = try await store.record([EventBatch(
                workspaceId: workspace, events: [event(ContactIdentity(phone: "+447700900777", externalId: "u1"))], receivedAt: 4)])
            let created = try #require(Self.recorded(phone[0][0])).contactId
            #expect(created != merged.id)
            #expect(try await store.contact(workspaceId: workspace, key: .id(created))?.externalId == "u1")
            #expect(try await store.contact(workspaceId: workspace, key: .externalId("u1"))?.id == created)
        }
    }

    @Test(arguments: StoreKind.available)
    func rejectedEventsWaitInQuarantineUntilReplayed(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let errors = [FieldError(field: "properties.cl_price", message: "must be a number")]
            try await store.quarantine([
                RejectedEvent(workspaceId: workspace, receivedAt: 10, sentAt: 9, reason: "invalid_property", event: "cl_x", messageId: "m1",
                              type: "track", source: .segment, errors: errors, payload: #"{"event":"cl_x"}"#),
                RejectedEvent(workspaceId: workspace, receivedAt: 20, sentAt: nil, reason: "unknown_event", event: "cl_nope", messageId: nil,
                              type: "track", source: .segment, errors: [], payload: "{}"),
                RejectedEvent(workspaceId: workspace, receivedAt: 30, sentAt: nil, reason: "unknown_event", event: nil, messageId: nil,
                              type: nil, source: .browser, errors: [], payload: "{}"),
            ])
            let all = try await store.rejectedEvents(RejectedEventQuery(workspaceId: workspace))
            #expect(all.map(\.receivedAt) == [10, 20, 30])
            #expect(all[0].errors == errors && all[0].sentAt == 9 && all[0].messageId == "m1" && all[0].payload == #"{"event":"cl_x"}"#)
            #expect(try await store.rejectedEventCounts(workspaceId: workspace) == ["invalid_property": 1, "unknown_event": 2])
            #expect(try await store.rejectedEvents(RejectedEventQuery(workspaceId: workspace, reason: "unknown_event", from: 25)).map(\.receivedAt) == [30])
            #expect(try await store.rejectedEvents(RejectedEventQuery(workspaceId: workspace, event: "cl_nope")).count == 1)
            #expect(try await store.rejectedEvents(RejectedEventQuery(workspaceId: workspace, after: all[0].id, limit: 1)).map(\.id) == [all[1].id])
            try await store.markReplayed(workspaceId: workspace, [(rejectedId: all[1].id, eventId: 77)])
            #expect(try await store.rejectedEvents(RejectedEventQuery(workspaceId: workspace, pendingOnly: true)).map(\.id) == [all[0].id, all[2].id])
            #expect(try await store.rejectedEvents(RejectedEventQuery(workspaceId: workspace)).map(\.replayedEventId) == [nil, 77, nil])
            #expect(try await store.rejectedEventCounts(workspaceId: workspace) == ["invalid_property": 1, "unknown_event": 1])
        }
    }

    @Test(arguments: StoreKind.available)
    func allowedOriginsAreKeptWithTheOtherSettings(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            #expect(try await store.settings(workspaceId: workspace).allowedOrigins == nil)
            try await store.updateAllowedOrigins(["https://shop.example"], workspaceId: workspace)
            try await store.updateActivenessLevels(.default, workspaceId: workspace)
            #expect(try await store.settings(workspaceId: workspace).allowedOrigins == ["https://shop.example"])
            try await store.updateAllowedOrigins(nil, workspaceId: workspace)
            #expect(try await store.settings(workspaceId: workspace).allowedOrigins == nil)
        }
    }
}
