import Foundation
import TernCore
import TernTestSupport
import Testing
@testable import TernStore

/// The contract every store keeps: each test runs against SQLite, and against PostgreSQL when
/// `TERN_TEST_POSTGRES_URL` is set, each time on a fresh, empty store.
@Suite struct StoreContractTests {
    static let definition = EventDefinition(id: "cl_x", name: "X", direction: .inbound, score: 2)

    /// Reported as skipped, with the reason, when there is no PostgreSQL to run the contract against.
    @Test(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipReason)))
    func postgresRunIsEnabled() async throws {
        let workspaces = try await TestStore.with(.postgres) { test in try await test.store.workspaces() }
        #expect(workspaces.isEmpty)
    }

    @Test(arguments: StoreKind.available)
    func keysAreStoredOnlyAsHashes(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let credentials = try await store.createWorkspace(name: "A", now: 0)
            #expect(try await store.grant(forKey: credentials.adminKey) == KeyGrant(workspaceId: credentials.workspace.id, scope: .admin, label: "admin"))
            #expect(try await store.grant(forKey: credentials.writeKey)?.scope == .write)
            #expect(try await store.grant(forKey: credentials.writeKey + "0") == nil)
            let bytes = try await test.storedBytes()
            #expect(bytes.range(of: Data(credentials.adminKey.utf8)) == nil)
            #expect(bytes.range(of: Data(credentials.writeKey.utf8)) == nil)
            #expect(bytes.range(of: Data(APIKey.hash(credentials.adminKey).utf8)) != nil)
        }
    }

    @Test func keysHaveAtLeast128RandomBits() {
        let keys = (0..<100).map { _ in APIKey.generate(scope: .write) }
        #expect(Set(keys).count == 100)
        for key in keys {
            let secret = key.dropFirst("tern_write_".count)
            #expect(secret.count * 4 >= 128)
            #expect(secret.allSatisfy { $0.isHexDigit })
        }
    }

    @Test(arguments: StoreKind.available)
    func aKeyForAnUnknownWorkspaceIsRefused(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            await #expect(throws: StoreError.notFound) {
                try await test.store.createKey(workspaceId: 99, scope: .write, label: "w", now: 0)
            }
            let workspace = try await test.store.createWorkspace(name: "A", now: 0).workspace
            let key = try await test.store.createKey(workspaceId: workspace.id, scope: .write, label: "site", now: 0)
            #expect(try await test.store.grant(forKey: key) == KeyGrant(workspaceId: workspace.id, scope: .write, label: "site"))
            #expect(try await test.store.workspaces() == [workspace])
        }
    }

    @Test(arguments: StoreKind.available)
    func aBatchRecordsNewContactsOnceAndDeduplicatesWithinItself(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            try await store.createDefinition(Self.definition, workspaceId: workspace)
            let phone = ContactIdentity(phone: "+447700900123")
            let events = [
                RecordableEvent(event: "cl_x", time: 1, contact: phone, messageId: "m1", source: .api, score: 2),
                RecordableEvent(event: "cl_x", time: 2, contact: phone, messageId: "m1", source: .api, score: 2),
                RecordableEvent(event: "cl_x", time: 3, contact: phone, source: .api, score: 2),
                RecordableEvent(event: "cl_x", time: 4, contact: ContactIdentity(id: 999), source: .api),
            ]
            let outcomes = try await store.record([EventBatch(workspaceId: workspace, events: events, receivedAt: 10)])[0]
            guard case .recorded(let first, let contact) = outcomes[0] else { Issue.record("\(outcomes[0])"); return }
            #expect(outcomes[1] == .duplicate(eventId: first, contactId: contact))
            guard case .recorded(_, let sameContact) = outcomes[2] else { Issue.record("\(outcomes[2])"); return }
            #expect(sameContact == contact)
            guard case .rejected(let field, _) = outcomes[3] else { Issue.record("\(outcomes[3])"); return }
            #expect(field == "contactId")
            let page = try await store.events(EventQuery(workspaceId: workspace))
            #expect(page.events.map(\.event) == ["contact_created", "cl_x", "cl_x"])
            #expect(page.events.filter { $0.event == "cl_x" }.map(\.score) == [2, 2])
            #expect(page.events.first?.time == 10)
            #expect(page.events.first?.source == .system)
        }
    }

    @Test(arguments: StoreKind.available)
    func aRetriedMessageIdIsADuplicateOfTheFirstInALaterTransaction(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let event = RecordableEvent(event: "cl_x", time: 1, contact: ContactIdentity(externalId: "u1"), messageId: "m1", source: .api)
            let first = try await store.record([EventBatch(workspaceId: workspace, events: [event], receivedAt: 1)])[0][0]
            let again = try await store.record([
                EventBatch(workspaceId: workspace, events: [event], receivedAt: 2),
                EventBatch(workspaceId: workspace, events: [event], receivedAt: 2),
            ])
            guard case .recorded(let eventId, let contactId) = first else { Issue.record("\(first)"); return }
            #expect(again == [[.duplicate(eventId: eventId, contactId: contactId)], [.duplicate(eventId: eventId, contactId: contactId)]])
            #expect(try await store.events(EventQuery(workspaceId: workspace, event: "cl_x")).events.count == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func aRetryAmongNewEventsIsTheOnlyDuplicateAndTheNewOnesKeepTheirMessageIds(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            func event(_ messageId: String, _ contact: ContactIdentity) -> RecordableEvent {
                RecordableEvent(event: "cl_x", time: 1, contact: contact, messageId: messageId, source: .api)
            }
            let first = try #require(Self.recorded(try await store.record([
                EventBatch(workspaceId: workspace, events: [event("m1", ContactIdentity(externalId: "u1"))], receivedAt: 1)
            ])[0][0]))
            // New messageIds before and after the retry, one of them for a contact nobody knows yet.
            let batch = [event("m2", ContactIdentity(externalId: "u1")), event("m1", ContactIdentity(externalId: "u1")),
                         event("m3", ContactIdentity(externalId: "u-new"))]
            let outcomes = try await store.record([EventBatch(workspaceId: workspace, events: batch, receivedAt: 2)])[0]
            #expect(outcomes[1] == .duplicate(eventId: first.eventId, contactId: first.contactId))
            let second = try #require(Self.recorded(outcomes[0]))
            let third = try #require(Self.recorded(outcomes[2]))
            // Sent again, the new ones are duplicates of what they recorded.
            let retried = try await store.record([EventBatch(workspaceId: workspace, events: batch, receivedAt: 3)])[0]
            #expect(retried == [.duplicate(eventId: second.eventId, contactId: second.contactId),
                                .duplicate(eventId: first.eventId, contactId: first.contactId),
                                .duplicate(eventId: third.eventId, contactId: third.contactId)])
            let stored = try await store.events(EventQuery(workspaceId: workspace, event: "cl_x")).events
            #expect(stored.map(\.id) == [first.eventId, second.eventId, third.eventId])
            #expect(stored.map(\.messageId) == ["m1", "m2", "m3"])
            let contacts = try await store.contacts(workspaceId: workspace, filter: .all, after: nil, limit: 10)
            #expect(contacts.compactMap(\.externalId) == ["u1", "u-new"])
        }
    }

    @Test(arguments: StoreKind.available)
    func batchesOfSeveralWorkspacesKeepTheirOwnContactsAndOutcomes(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let a = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let b = try await store.createWorkspace(name: "B", now: 0).workspace.id
            let event = RecordableEvent(event: "cl_x", time: 5, contact: ContactIdentity(phone: "+447700900123"), messageId: "m", source: .api)
            let outcomes = try await store.record([
                EventBatch(workspaceId: b, events: [event], receivedAt: 5),
                EventBatch(workspaceId: a, events: [event, event], receivedAt: 5),
            ])
            guard case .recorded(_, let contactB) = outcomes[0][0], case .recorded(let eventA, let contactA) = outcomes[1][0] else {
                Issue.record("\(outcomes)")
                return
            }
            #expect(contactA != contactB)
            #expect(outcomes[1][1] == .duplicate(eventId: eventA, contactId: contactA))
            #expect(try await store.contact(workspaceId: a, key: .phone("+447700900123"))?.id == contactA)
            #expect(try await store.contact(workspaceId: b, key: .phone("+447700900123"))?.id == contactB)
            #expect(try await store.contact(workspaceId: a, key: .id(contactB)) == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func aNewContactTakesOnlyIdentifiersNobodyHolds(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            try await store.createDefinition(Self.definition, workspaceId: workspace)
            _ = try await store.upsertContact(workspaceId: workspace, identity: ContactIdentity(email: "a@example.com"), changes: .init(), now: 0)
            let event = RecordableEvent(event: "cl_x", time: 1, contact: ContactIdentity(phone: "+447700900123", email: "a@example.com"), source: .api)
            _ = try await store.record([EventBatch(workspaceId: workspace, events: [event], receivedAt: 1)])
            let created = try #require(try await store.contact(workspaceId: workspace, key: .phone("+447700900123")))
            #expect(created.email == nil)
            #expect(try await store.contact(workspaceId: workspace, key: .email("a@example.com"))?.id != created.id)
        }
    }

    @Test(arguments: StoreKind.available)
    func eventsInManyMonthsAreStoredAndReadBack(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            // From 1970 to 9999, across month and year boundaries, in no particular order.
            let times: [Int64] = [1_795_600_000_000, 0, 2_678_399_999, 2_678_400_000, 253_402_300_799_999, 951_782_400_000, 1_000]
            let events = times.map { RecordableEvent(event: "cl_x", time: $0, contact: ContactIdentity(externalId: "u"), source: .api) }
            _ = try await store.record([EventBatch(workspaceId: workspace, events: events, receivedAt: 1_795_600_000_000)])
            let stored = try await store.events(EventQuery(workspaceId: workspace, event: "cl_x")).events
            #expect(stored.map(\.time) == times)
            let march2000 = try await store.events(EventQuery(workspaceId: workspace, event: "cl_x", from: 951_782_400_000, to: 954_547_200_000))
            #expect(march2000.events.map(\.time) == [951_782_400_000])
        }
    }

    @Test(arguments: StoreKind.available)
    func theEventListPagesInStorageOrderAndTheTimelineNewestFirst(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let contact = ContactIdentity(externalId: "u")
            let times: [Int64] = [50, 10, 30, 30, 20]
            let events = times.map { RecordableEvent(event: "cl_x", time: $0, contact: contact, source: .api) }
            _ = try await store.record([EventBatch(workspaceId: workspace, events: events, receivedAt: 60)])
            let contactId = try #require(try await store.contact(workspaceId: workspace, key: .externalId("u"))?.id)

            var listed: [Int64] = []
            var cursor: EventCursor?
            repeat {
                let page = try await store.events(EventQuery(workspaceId: workspace, event: "cl_x", limit: 2, cursor: cursor))
                listed += page.events.map(\.time)
                cursor = page.nextCursor
                if !page.hasMore { break }
            } while true
            #expect(listed == times)
            let empty = try await store.events(EventQuery(workspaceId: workspace, event: "cl_x", limit: 2, cursor: cursor))
            #expect(empty.events.isEmpty && empty.nextCursor == cursor && !empty.hasMore)

            var timeline: [StoredEvent] = []
            cursor = nil
            repeat {
                let page = try await store.events(EventQuery(
                    workspaceId: workspace, contactId: contactId, limit: 2, cursor: cursor, newestFirst: true))
                timeline += page.events
                cursor = page.nextCursor
                if !page.hasMore { break }
            } while true
            #expect(timeline.map(\.time) == [60, 50, 30, 30, 20, 10])
            #expect(timeline.map(\.event).first == "contact_created")
            let tied = timeline.filter { $0.time == 30 }.map(\.id)
            #expect(tied == tied.sorted(by: >))
        }
    }

    @Test(arguments: StoreKind.available)
    func definitionNamesAreUniqueIgnoringUnicodeCase(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            try await store.createDefinition(EventDefinition(id: "cl_a", name: "Été", direction: .inbound), workspaceId: workspace)
            await #expect(throws: StoreError.conflict(field: "name", message: "the name \"ÉTÉ\" is already used by cl_a")) {
                try await store.createDefinition(EventDefinition(id: "cl_b", name: "ÉTÉ", direction: .inbound), workspaceId: workspace)
            }
            await #expect(throws: StoreError.conflict(field: "id", message: "an event definition with id \"cl_a\" already exists")) {
                try await store.createDefinition(EventDefinition(id: "cl_a", name: "Other", direction: .inbound), workspaceId: workspace)
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func definitionsAreUpdatedDeletedAndSearched(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            var definition = EventDefinition(id: "cl_order_paid", name: "Order paid", direction: .inbound, score: 3, group: "Checkout")
            try await store.createDefinition(definition, workspaceId: workspace)
            try await store.createDefinition(EventDefinition(id: "cl_b_x", name: "b_x", direction: .outbound), workspaceId: workspace)
            definition.stage = "customer"
            definition.updatedAt = 9
            try await store.updateDefinition(definition, workspaceId: workspace)
            // Read back with the id of the group its name created.
            let checkout = try #require(try await store.eventGroups(workspaceId: workspace).first { $0.name == "Checkout" })
            definition.groupId = checkout.id
            #expect(try await store.definition(workspaceId: workspace, id: "cl_order_paid") == definition)
            definition.stage = "nowhere"
            await #expect(throws: ValidationFailure.self) { try await store.updateDefinition(definition, workspaceId: workspace) }
            await #expect(throws: StoreError.notFound) {
                try await store.updateDefinition(EventDefinition(id: "cl_none", name: "None", direction: .inbound), workspaceId: workspace)
            }
            #expect(try await store.deleteDefinition(workspaceId: workspace, id: "contact_created") == false)
            #expect(try await store.deleteDefinition(workspaceId: workspace, id: "cl_none") == false)

            // `_` is a plain character in a search, not a wildcard.
            let search = try await store.definitions(DefinitionQuery(workspaceId: workspace, search: "B_X"))
            #expect(search.definitions.map(\.id) == ["cl_b_x"])
            let grouped = try await store.definitions(DefinitionQuery(workspaceId: workspace, group: .name("checkout")))
            #expect(grouped.definitions.map(\.id) == ["cl_order_paid"])
            let custom = try await store.definitions(DefinitionQuery(workspaceId: workspace, system: false, direction: .inbound))
            #expect(custom.definitions.map(\.id) == ["cl_order_paid"])

            var names: [String] = []
            var cursor: DefinitionCursor?
            repeat {
                let page = try await store.definitions(DefinitionQuery(workspaceId: workspace, limit: 4, cursor: cursor))
                names += page.definitions.map(\.name)
                cursor = page.nextCursor
                if !page.hasMore { break }
            } while true
            #expect(names == (try await store.definitions(workspaceId: workspace)).map(\.name))
            #expect(names.suffix(2) == ["b_x", "Order paid"], "custom after system, by name ignoring case")

            #expect(try await store.deleteDefinition(workspaceId: workspace, id: "cl_b_x"))
            #expect(try await store.definition(workspaceId: workspace, id: "cl_b_x") == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func groupsAreNamedOnceAndHoldCustomDefinitions(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let sales = try await store.createEventGroup(workspaceId: workspace, name: "Sales", now: 1)
            await #expect(throws: StoreError.conflict(field: "name", message: "the name \"sales\" is already used by \(EventGroupID.format(sales.id))")) {
                try await store.createEventGroup(workspaceId: workspace, name: "sales", now: 1)
            }
            try await store.createDefinition(EventDefinition(id: "cl_a", name: "A", direction: .inbound), workspaceId: workspace)
            #expect(try await store.moveDefinitions(workspaceId: workspace, ids: ["cl_a", "cl_a"], toGroup: sales.id, now: 2) == .moved(count: 1))
            #expect(try await store.moveDefinitions(workspaceId: workspace, ids: ["cl_a"], toGroup: 999, now: 2) == .noSuchGroup)
            let refused = try await store.moveDefinitions(workspaceId: workspace, ids: ["cl_a", "page_viewed", "cl_none"], toGroup: nil, now: 2)
            #expect(refused == .refused([
                BatchItemProblem(index: 1, field: "id", message: "system events cannot be grouped"),
                BatchItemProblem(index: 2, field: "id", message: "no event definition \"cl_none\""),
            ]))
            #expect(try await store.eventGroup(workspaceId: workspace, id: sales.id)?.eventCount == 1)
            let renamed = try await store.renameEventGroup(workspaceId: workspace, id: sales.id, name: "Revenue", now: 3)
            #expect(renamed?.name == "Revenue" && renamed?.updatedAt == 3)
            #expect(try await store.definition(workspaceId: workspace, id: "cl_a")?.group == "Revenue")
            #expect(try await store.renameEventGroup(workspaceId: workspace, id: 999, name: "X", now: 3) == nil)
            #expect(try await store.eventGroups(workspaceId: workspace).map(\.name) == ["Revenue"])
            #expect(try await store.deleteEventGroup(workspaceId: workspace, id: sales.id, now: 4))
            #expect(try await store.deleteEventGroup(workspaceId: workspace, id: sales.id, now: 4) == false)
            #expect(try await store.definition(workspaceId: workspace, id: "cl_a")?.group == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func anImportCreatesEverythingOrNothing(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            _ = try await store.createEventGroup(workspaceId: workspace, name: "Sales", now: 0)
            let batch = [
                EventDefinition(id: "cl_a", name: "A", direction: .inbound, group: "sales"),
                EventDefinition(id: "cl_b", name: "B", direction: .inbound, group: "Web"),
            ]
            #expect(try await store.importDefinitions(batch, workspaceId: workspace) == .created(groupsCreated: ["Web"]))
            let again = try await store.importDefinitions(
                [EventDefinition(id: "cl_c", name: "a", direction: .inbound), batch[1]], workspaceId: workspace)
            #expect(again == .conflicts([
                BatchItemProblem(index: 0, field: "name", message: "the name \"a\" is already used by cl_a"),
                BatchItemProblem(index: 1, field: "id", message: "an event definition with id \"cl_b\" already exists"),
                BatchItemProblem(index: 1, field: "name", message: "the name \"B\" is already used by cl_b"),
            ]))
            #expect(try await store.definition(workspaceId: workspace, id: "cl_c") == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func restoringDefaultsPutsBackChangedSystemDefinitions(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            var pageViewed = try #require(try await store.definition(workspaceId: workspace, id: "page_viewed"))
            let standard = pageViewed
            pageViewed.score = 7
            try await store.updateDefinition(pageViewed, workspaceId: workspace)
            let changes = try await store.restoreSystemDefaults(workspaceId: workspace, now: 5)
            #expect(changes == [SystemDefaultChange(id: "page_viewed", score: 7, stage: standard.stage, defaultScore: standard.score, defaultStage: standard.stage)])
            #expect(try await store.definition(workspaceId: workspace, id: "page_viewed")?.score == standard.score)
            #expect(try await store.restoreSystemDefaults(workspaceId: workspace, now: 6).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func eachWorkspaceStartsWithTheSystemCatalogue(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let workspace = try await test.store.createWorkspace(name: "A", now: 5).workspace.id
            let definitions = try await test.store.definitions(workspaceId: workspace)
            #expect(definitions.map(\.id).sorted() == SystemCatalog.definitions.map(\.id).sorted())
            #expect(definitions.allSatisfy { $0.system && $0.createdAt == 5 })
        }
    }

    /// The limits hold for what a contact is left with, not only for one request's attributes: two
    /// updates within the limits each may add up past them, and the second then changes nothing.
    @Test(arguments: StoreKind.available)
    func attributesAddingUpPastTheLimitsAreRefused(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            func attributes(_ prefix: String, _ count: Int, bytes: Int = 1) -> [String: JSONValue] {
                Dictionary(uniqueKeysWithValues: (0..<count).map { ("\(prefix)\($0)", .string(String(repeating: "x", count: bytes))) })
            }
            let (contact, _) = try await store.upsertContact(
                workspaceId: workspace, identity: ContactIdentity(phone: "+447700900001"),
                changes: ContactChanges(attributes: attributes("a", 60)), now: 1)
            for (changes, now) in [(attributes("b", 41), Int64(2)), (attributes("c", 30, bytes: 600), 3)] {
                await #expect(throws: ValidationFailure.self) {
                    try await store.updateContact(workspaceId: workspace, id: contact.id, changes: ContactChanges(attributes: changes), now: now)
                }
            }
            let kept = try #require(try await store.contact(workspaceId: workspace, key: .id(contact.id)))
            #expect(kept.attributes == attributes("a", 60) && kept.updatedAt == 1)
            let grown = try await store.updateContact(
                workspaceId: workspace, id: contact.id, changes: ContactChanges(attributes: attributes("b", 40)), now: 4)
            #expect(grown?.attributes.count == 100)
        }
    }

    @Test(arguments: StoreKind.available)
    func contactIdentifiersBelongToOneContact(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let (first, created) = try await store.upsertContact(
                workspaceId: workspace, identity: ContactIdentity(phone: "+447700900001"),
                changes: ContactChanges(attributes: ["plan": .string("pro"), "gone": .null]), now: 1)
            #expect(created && first.attributes == ["plan": .string("pro")] && first.createdAt == 1)
            let (second, _) = try await store.upsertContact(
                workspaceId: workspace, identity: ContactIdentity(email: "b@example.com"), changes: .init(), now: 1)
            await #expect(throws: StoreError.conflict(
                field: "email", message: "email belongs to \(ContactID.format(second.id)), phone to \(ContactID.format(first.id))")
            ) {
                try await store.upsertContact(
                    workspaceId: workspace, identity: ContactIdentity(phone: "+447700900001", email: "b@example.com"), changes: .init(), now: 2)
            }
            await #expect(throws: StoreError.conflict(field: "email", message: "email is already used by \(ContactID.format(second.id))")) {
                try await store.updateContact(workspaceId: workspace, id: first.id, changes: ContactChanges(email: .some("b@example.com")), now: 2)
            }
            await #expect(throws: ValidationFailure.self) {
                try await store.updateContact(workspaceId: workspace, id: first.id, changes: ContactChanges(phone: .some(nil)), now: 2)
            }
            await #expect(throws: ValidationFailure.self) {
                try await store.upsertContact(workspaceId: workspace, identity: ContactIdentity(id: 999), changes: .init(), now: 2)
            }
            let (same, createdAgain) = try await store.upsertContact(
                workspaceId: workspace, identity: ContactIdentity(id: first.id, phone: "+447700900001"),
                changes: ContactChanges(externalId: .some("u1")), now: 3)
            #expect(!createdAgain && same.id == first.id && same.externalId == "u1" && same.updatedAt == 3)
            #expect(try await store.updateContact(workspaceId: workspace, id: 999, changes: .init(), now: 3) == nil)
            let events = try await store.events(EventQuery(workspaceId: workspace, contactId: first.id)).events.map(\.event)
            #expect(events == ["contact_created", "contact_updated"])
            #expect(try await store.contact(workspaceId: workspace, key: .externalId("u1"))?.id == first.id)
        }
    }

    @Test(arguments: StoreKind.available)
    func deletingAContactDeletesItsEventsAndFreesItsMessageIds(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let event = RecordableEvent(
                event: "cl_x", time: 1, contact: ContactIdentity(externalId: "u1"), contentTags: ["shoes"], messageId: "m1",
                source: .api, score: 3)
            guard case .recorded(_, let contactId) = try await store.record([EventBatch(workspaceId: workspace, events: [event], receivedAt: 1)])[0][0]
            else { Issue.record("not recorded"); return }
            #expect(try await store.deleteContact(workspaceId: workspace, id: contactId))
            #expect(try await store.deleteContact(workspaceId: workspace, id: contactId) == false)
            #expect(try await store.events(EventQuery(workspaceId: workspace)).events.isEmpty)
            #expect(try await store.rollups(workspaceId: workspace).isEmpty)
            let again = try await store.record([EventBatch(workspaceId: workspace, events: [event], receivedAt: 2)])[0][0]
            guard case .recorded = again else { Issue.record("\(again)"); return }
            #expect(try await store.contact(workspaceId: workspace, key: .externalId("u1"))?.createdAt == 2)
        }
    }

    @Test(arguments: StoreKind.available)
    func contactsAreListedByActivenessAndByTag(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let events = [
                RecordableEvent(event: "cl_x", time: 100, contact: ContactIdentity(externalId: "a"), contentTags: ["vip"], source: .api, score: 10),
                RecordableEvent(event: "cl_x", time: 200, contact: ContactIdentity(externalId: "b"), source: .api, score: 3),
                RecordableEvent(event: "cl_x", time: 300, contact: ContactIdentity(externalId: "b"), source: .api, score: -1),
                RecordableEvent(event: "cl_x", time: 300, contact: ContactIdentity(externalId: "c"), contentTags: ["vip", "vip"], source: .api),
            ]
            let outcomes = try await store.record([EventBatch(workspaceId: workspace, events: events, receivedAt: 400)])[0]
            let ids = outcomes.compactMap { outcome -> Int64? in if case .recorded(_, let id) = outcome { id } else { nil } }
            let (a, b, c) = (ids[0], ids[1], ids[3])
            #expect(try await store.contacts(workspaceId: workspace, filter: .all, after: nil, limit: 10).map(\.id) == [a, b, c])
            #expect(try await store.contacts(workspaceId: workspace, filter: .all, after: a, limit: 1).map(\.id) == [b])
            #expect(try await store.contacts(workspaceId: workspace, filter: .activeness(lower: 1, upper: 10, since: nil), after: nil, limit: 10).map(\.id) == [b])
            #expect(try await store.contacts(workspaceId: workspace, filter: .activeness(lower: nil, upper: 1, since: nil), after: nil, limit: 10).map(\.id) == [c])
            #expect(try await store.contacts(workspaceId: workspace, filter: .activeness(lower: -5, upper: 0, since: 250), after: nil, limit: 10).map(\.id) == [b])
            #expect(try await store.contacts(workspaceId: workspace, filter: .tag("vip"), after: nil, limit: 10).map(\.id) == [a, c])
            #expect(try await store.activeness(workspaceId: workspace, contactIds: [a, b, c, 999], since: 150) == [a: 0, b: 2, c: 0, 999: 0])
            let profile = try #require(try await store.profile(workspaceId: workspace, contactId: c))
            #expect(profile.topTags.map(\.tag) == ["vip"] && profile.topTags.map(\.count) == [2])
            #expect(profile.firstEventAt == 300 && profile.lastEventAt == 400)
            #expect(profile.eventCounts == ["cl_x": 1, "contact_created": 1])
            #expect(try await store.profile(workspaceId: workspace, contactId: 999) == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func stagesMoveByTheWorkspaceRuleAndKeepAHistory(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let contact = ContactIdentity(externalId: "u")
            func event(_ time: Int64, _ stage: String) -> RecordableEvent {
                RecordableEvent(event: "cl_x", time: time, contact: contact, source: .api, stage: stage)
            }
            _ = try await store.record([EventBatch(workspaceId: workspace, events: [event(10, "engaged"), event(20, "customer"), event(30, "lead")], receivedAt: 40)])
            let id = try #require(try await store.contact(workspaceId: workspace, key: .externalId("u"))?.id)
            let profile = try #require(try await store.profile(workspaceId: workspace, contactId: id))
            #expect(profile.contact.stage == "customer")
            #expect(profile.stageHistory.map(\.to) == ["engaged", "customer"])
            #expect(profile.stageHistory.map(\.from) == [nil, "engaged"])

            try await store.createDefinition(EventDefinition(id: "cl_y", name: "Y", direction: .inbound, stage: "lead"), workspaceId: workspace)
            let refused = await #expect(throws: StoreError.self) {
                try await store.updateStages(LifecycleStages(stages: ["new", "customer"]), workspaceId: workspace)
            }
            guard case .conflict(let field, _)? = refused else { Issue.record("\(String(describing: refused))"); return }
            #expect(field == "stages")
            let any = LifecycleStages(stages: ["new", "engaged", "lead", "customer", "loyal"], direction: .any)
            try await store.updateStages(any, workspaceId: workspace)
            #expect(try await store.settings(workspaceId: workspace).stages == any)
            try await store.rebuildRollups(workspaceId: workspace)
            #expect(try await store.contact(workspaceId: workspace, key: .id(id))?.stage == "lead", "the latest event wins")
            let levels = ActivenessLevels(levels: [.init(name: "cold", minimum: nil), .init(name: "warm", minimum: 5)], windowDays: 30)
            try await store.updateActivenessLevels(levels, workspaceId: workspace)
            #expect(try await store.settings(workspaceId: workspace) == WorkspaceSettings(activenessLevels: levels, stages: any))
        }
    }

    @Test(arguments: StoreKind.available)
    func dataSurvivesReopening(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            try await store.createDefinition(Self.definition, workspaceId: workspace)
            let event = RecordableEvent(
                event: "cl_x", time: 1, contact: ContactIdentity(externalId: "u1"),
                properties: ["cl_p": .number(tenths: 125), "cl_t": .timestamp(millis: 7), "cl_s": .string("é\u{0}\"")],
                contentTags: ["shoes"], source: .api)
            _ = try await store.record([EventBatch(workspaceId: workspace, events: [event], receivedAt: 1)])
            try await test.reopened { reopened in
                let stored = try await reopened.events(EventQuery(workspaceId: workspace, event: "cl_x")).events
                #expect(stored.count == 1)
                #expect(stored.first?.properties == event.properties)
                #expect(stored.first?.contentTags == ["shoes"])
                #expect(try await reopened.definition(workspaceId: workspace, id: "cl_x") != nil)
            }
        }
    }

    /// Every text column of an event row holds what was recorded, whatever it holds: on PostgreSQL
    /// the rows travel in COPY's text format, where tabs, newlines and backslashes are escapes.
    @Test(arguments: StoreKind.available)
    func eventTextWithTabsNewlinesAndBackslashesReadsBackExactly(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let definition = EventDefinition(
                id: "cl_x", name: "X", direction: .inbound, score: 2, properties: [PropertyDefinition(id: "cl_s", name: "S", type: .string)])
            try await store.createDefinition(definition, workspaceId: workspace)
            let awkward = ["a\tb", "tab\there", "line\nbreak\r\n", "back\\slash \\N", "\\N", "", "é 😀 \"q\""]
            let events = awkward.enumerated().map { index, text in
                RecordableEvent(
                    event: "cl_x", time: Int64(index), contact: ContactIdentity(externalId: "u\(text)"),
                    properties: text.isEmpty ? [:] : ["cl_s": .string(text)], contentTags: text.isEmpty ? [] : [text, "plain"],
                    messageId: "m\(index)\(text)", source: .api, score: 2)
            }
            let outcomes = try await store.record([EventBatch(workspaceId: workspace, events: events, receivedAt: 100)])[0]
            #expect(outcomes.allSatisfy { if case .recorded = $0 { true } else { false } }, "\(outcomes)")
            let stored = try await store.events(EventQuery(workspaceId: workspace, event: "cl_x")).events
            #expect(stored.map(\.messageId) == events.map(\.messageId))
            #expect(stored.map(\.properties) == events.map(\.properties))
            #expect(stored.map(\.contentTags) == events.map(\.contentTags))
            for (event, row) in zip(events, stored) {
                let contact = try await store.contact(workspaceId: workspace, key: .id(row.contactId))
                #expect(contact?.externalId == event.contact.externalId)
            }
        }
    }

    /// Several writers (several nodes, on PostgreSQL: each its own store and connection pool) send
    /// events for the same new phone numbers at once: one contact per number, every messageId once.
    @Test(arguments: StoreKind.available)
    func concurrentWritersCreateOneContactPerPhoneAndStoreEachMessageOnce(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let workspace = try await test.store.createWorkspace(name: "A", now: 0).workspace.id
            let writers = 4
            let outcomes = try await test.withWriters(writers) { stores in
                try await withThrowingTaskGroup(of: [RecordOutcome].self) { group in
                    for store in stores {
                        group.addTask {
                            var outcomes: [RecordOutcome] = []
                            for round in 0..<10 {
                                let events = (0..<20).map { n in
                                    RecordableEvent(
                                        event: "cl_x", time: Int64(round * 100 + n),
                                        contact: ContactIdentity(phone: "+4477009\(String(format: "%05d", n))"),
                                        messageId: "r\(round)-\(n)", source: .api, score: 1)
                                }
                                outcomes += try await store.record([EventBatch(workspaceId: workspace, events: events, receivedAt: 1)])[0]
                            }
                            return outcomes
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
            }
            let recorded = outcomes.filter { if case .recorded = $0 { true } else { false } }
            #expect(recorded.count == 10 * 20)
            #expect(outcomes.count == writers * 10 * 20)
            let contacts = try await test.store.contacts(workspaceId: workspace, filter: .all, after: nil, limit: 100)
            #expect(contacts.count == 20)
            #expect(Set(contacts.compactMap(\.phone)).count == 20)
            let events = try await test.store.events(EventQuery(workspaceId: workspace, event: "cl_x", limit: 1000)).events
            #expect(events.count == 200)
            #expect(Set(events.compactMap(\.messageId)).count == 200)
            let incremental = try await test.store.rollups(workspaceId: workspace)
            try await test.store.rebuildRollups(workspaceId: workspace)
            #expect(try await test.store.rollups(workspaceId: workspace) == incremental)
        }
    }
}
