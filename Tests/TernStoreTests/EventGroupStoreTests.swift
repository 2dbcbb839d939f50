import Foundation
import GRDB
import TernCore
import TernTestSupport
import Testing
@testable import TernStore

/// Groups, batch creation and restoring defaults in the SQLite store.
@Suite struct EventGroupStoreTests {
    static func makeDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tern-groups-\(UUID().uuidString)").path
    }

    @Test func freeTextGroupsOfEarlierVersionsBecomeGroups() async throws {
        let directory = Self.makeDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("tern.sqlite")
        // A database as the first version left it: groups were a free-text column.
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteMigrations.migrator.migrate(pool, upTo: "v1: workspaces, keys, definitions, contacts, events")
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO workspaces (id, name, created_at) VALUES (1, 'A', 0), (2, 'B', 0)")
                for (workspace, id, group) in [(1, "cl_a", "Sales"), (1, "cl_b", "sales"), (1, "cl_c", nil), (2, "cl_a", "Sales")] {
                    try db.execute(
                        sql: """
                            INSERT INTO event_definitions (workspace_id, id, name, name_key, direction, score, group_name,
                                properties, system, created_at, updated_at)
                            VALUES (?, ?, ?, ?, 'inbound', 0, ?, '[]', 0, 0, 0)
                            """,
                        arguments: [workspace, id, id, id, group])
                }
            }
        }
        let store = try SQLiteStore(path: path)
        let groupsA = try await store.eventGroups(workspaceId: 1)
        #expect(groupsA.map(\.name) == ["Sales"])
        #expect(groupsA.map(\.eventCount) == [2])
        #expect(try await store.definition(workspaceId: 1, id: "cl_b")?.group == "Sales")
        #expect(try await store.definition(workspaceId: 1, id: "cl_c")?.group == nil)
        let groupsB = try await store.eventGroups(workspaceId: 2)
        #expect(groupsB.map(\.eventCount) == [1])
        #expect(groupsB.first?.id != groupsA.first?.id)
    }

    @Test func aBatchWithATakenIdOrNameCreatesNothing() async throws {
        let store = try SQLiteStore(directory: Self.makeDirectory())
        let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
        try await store.createDefinition(EventDefinition(id: "cl_taken", name: "Taken", direction: .inbound), workspaceId: workspace)
        let batch = [
            EventDefinition(id: "cl_new", name: "New", direction: .inbound, group: "Fresh"),
            EventDefinition(id: "cl_taken", name: "Other", direction: .inbound),
            EventDefinition(id: "cl_newer", name: "PAGE VIEWED", direction: .inbound),
        ]
        let outcome = try await store.importDefinitions(batch, workspaceId: workspace)
        #expect(outcome == .conflicts([
            BatchItemProblem(index: 1, field: "id", message: "an event definition with id \"cl_taken\" already exists"),
            BatchItemProblem(index: 2, field: "name", message: "the name \"PAGE VIEWED\" is already used by page_viewed"),
        ]))
        #expect(try await store.definition(workspaceId: workspace, id: "cl_new") == nil)
        #expect(try await store.eventGroups(workspaceId: workspace).isEmpty)
    }

    @Test func aBatchCreatesEveryDefinitionAndTheGroupsItNames() async throws {
        let store = try SQLiteStore(directory: Self.makeDirectory())
        let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
        _ = try await store.createEventGroup(workspaceId: workspace, name: "Existing", now: 0)
        let batch = (0..<300).map { i in
            EventDefinition(id: "cl_e\(i)", name: "E\(i)", direction: .inbound, group: ["existing", "New", "NEW"][i % 3])
        }
        #expect(try await store.importDefinitions(batch, workspaceId: workspace) == .created(groupsCreated: ["New"]))
        let groups = try await store.eventGroups(workspaceId: workspace)
        #expect(groups.map(\.name) == ["Existing", "New"])
        #expect(groups.map(\.eventCount) == [100, 200])
    }

    @Test func restoringDefaultsTouchesOnlyChangedSystemDefinitions() async throws {
        let store = try SQLiteStore(directory: Self.makeDirectory())
        let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
        var pageViewed = try #require(try await store.definition(workspaceId: workspace, id: "page_viewed"))
        pageViewed.score = 8
        pageViewed.updatedAt = 5
        try await store.updateDefinition(pageViewed, workspaceId: workspace)
        let changes = try await store.restoreSystemDefaults(workspaceId: workspace, now: 10)
        #expect(changes == [SystemDefaultChange(id: "page_viewed", score: 8, stage: nil, defaultScore: 1, defaultStage: nil)])
        let restored = try #require(try await store.definition(workspaceId: workspace, id: "page_viewed"))
        #expect(restored.score == 1)
        #expect(restored.updatedAt == 10)
        #expect(try await store.definition(workspaceId: workspace, id: "message_read")?.updatedAt == 0)
    }
}
