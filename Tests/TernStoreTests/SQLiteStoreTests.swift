import Foundation
import TernCore
import Testing
@testable import TernStore

@Suite struct SQLiteStoreTests {
    static func makeStore() throws -> (SQLiteStore, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-store-\(UUID().uuidString)").path
        return (try SQLiteStore(directory: directory), directory)
    }

    static let definition = EventDefinition(id: "cl_x", name: "X", direction: .inbound, score: 2)

    @Test func keysAreStoredOnlyAsHashes() async throws {
        let (store, directory) = try Self.makeStore()
        let credentials = try await store.createWorkspace(name: "A", now: 0)
        #expect(try await store.grant(forKey: credentials.adminKey) == KeyGrant(workspaceId: credentials.workspace.id, scope: .admin, label: "admin"))
        #expect(try await store.grant(forKey: credentials.writeKey)?.scope == .write)
        #expect(try await store.grant(forKey: credentials.writeKey + "0") == nil)
        var bytes = Data()
        for file in try FileManager.default.contentsOfDirectory(atPath: directory) {
            bytes.append(try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(file)))
        }
        #expect(bytes.range(of: Data(credentials.adminKey.utf8)) == nil)
        #expect(bytes.range(of: Data(credentials.writeKey.utf8)) == nil)
        #expect(bytes.range(of: Data(APIKey.hash(credentials.adminKey).utf8)) != nil)
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

    @Test func aBatchRecordsNewContactsOnceAndDeduplicatesWithinItself() async throws {
        let (store, _) = try Self.makeStore()
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
    }

    @Test func aNewContactTakesOnlyIdentifiersNobodyHolds() async throws {
        let (store, _) = try Self.makeStore()
        let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
        try await store.createDefinition(Self.definition, workspaceId: workspace)
        _ = try await store.upsertContact(workspaceId: workspace, identity: ContactIdentity(email: "a@example.com"), changes: .init(), now: 0)
        let event = RecordableEvent(event: "cl_x", time: 1, contact: ContactIdentity(phone: "+447700900123", email: "a@example.com"), source: .api)
        _ = try await store.record([EventBatch(workspaceId: workspace, events: [event], receivedAt: 1)])
        let created = try #require(try await store.contact(workspaceId: workspace, key: .phone("+447700900123")))
        #expect(created.email == nil)
        #expect(try await store.contact(workspaceId: workspace, key: .email("a@example.com"))?.id != created.id)
    }

    @Test func definitionNamesAreUniqueIgnoringUnicodeCase() async throws {
        let (store, _) = try Self.makeStore()
        let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
        try await store.createDefinition(EventDefinition(id: "cl_a", name: "Été", direction: .inbound), workspaceId: workspace)
        await #expect(throws: StoreError.conflict(field: "name", message: "the name \"ÉTÉ\" is already used by cl_a")) {
            try await store.createDefinition(EventDefinition(id: "cl_b", name: "ÉTÉ", direction: .inbound), workspaceId: workspace)
        }
    }

    @Test func eachWorkspaceStartsWithTheSystemCatalogue() async throws {
        let (store, _) = try Self.makeStore()
        let workspace = try await store.createWorkspace(name: "A", now: 5).workspace.id
        let definitions = try await store.definitions(workspaceId: workspace)
        #expect(definitions.map(\.id).sorted() == SystemCatalog.definitions.map(\.id).sorted())
        #expect(definitions.allSatisfy { $0.system && $0.createdAt == 5 })
    }

    @Test func dataSurvivesReopening() async throws {
        let (store, directory) = try Self.makeStore()
        let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
        try await store.createDefinition(Self.definition, workspaceId: workspace)
        let event = RecordableEvent(
            event: "cl_x", time: 1, contact: ContactIdentity(externalId: "u1"),
            properties: ["cl_p": .number(tenths: 125), "cl_t": .timestamp(millis: 7)], contentTags: ["shoes"], source: .api)
        _ = try await store.record([EventBatch(workspaceId: workspace, events: [event], receivedAt: 1)])
        let reopened = try SQLiteStore(directory: directory)
        let stored = try await reopened.events(EventQuery(workspaceId: workspace, event: "cl_x")).events
        #expect(stored.count == 1)
        #expect(stored.first?.properties == event.properties)
        #expect(stored.first?.contentTags == ["shoes"])
    }
}
