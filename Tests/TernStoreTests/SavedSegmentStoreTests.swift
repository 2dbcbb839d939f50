import Foundation
import TernCore
import TernTestSupport
import Testing
@testable import TernStore

/// Saved segments in every store: the same answers from SQLite and PostgreSQL.
@Suite struct SavedSegmentStoreTests {
    static func segment(_ name: String, filter: String = #"{"tag": "shoes"}"#, now: Int64 = 0) throws -> SavedSegment {
        SavedSegment(name: name, filter: try JSONParser.parse(filter), createdAt: now, updatedAt: now)
    }

    @Test(arguments: StoreKind.available)
    func aSegmentReadsBackAsWrittenAndChangesAndGoes(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            // Number text, escapes (U+0000 too) and non-ASCII survive as written.
            let filter = #"{"all": [{"attribute": {"name": "note", "op": "eq", "value": "a\u0000b \"é\""}}, {"activeness": {"gte": 12.50}}]}"#
            var segment = try Self.segment("Big buyers", filter: filter, now: 5)
            segment.description = "over 12.50"
            let created = try await store.createSavedSegment(segment, workspaceId: workspace)
            #expect(created.id > 0)
            var expected = segment
            expected.id = created.id
            #expect(created == expected)
            #expect(try await store.savedSegment(workspaceId: workspace, id: created.id) == expected)

            var changed = expected
            changed.name = "Bigger buyers"
            changed.description = nil
            changed.filter = .object(["tag": .string("shoes")])
            changed.updatedAt = 9
            #expect(try await store.updateSavedSegment(changed, workspaceId: workspace) == changed)
            #expect(try await store.savedSegment(workspaceId: workspace, id: created.id) == changed)

            #expect(try await store.deleteSavedSegment(workspaceId: workspace, id: created.id))
            #expect(try await store.savedSegment(workspaceId: workspace, id: created.id) == nil)
            #expect(try await store.deleteSavedSegment(workspaceId: workspace, id: created.id) == false)
            #expect(try await store.updateSavedSegment(changed, workspaceId: workspace) == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func namesAreUniqueInAWorkspaceIgnoringCase(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let a = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let b = try await store.createWorkspace(name: "B", now: 0).workspace.id
            let buyers = try await store.createSavedSegment(try Self.segment("Buyers"), workspaceId: a)
            let other = try await store.createSavedSegment(try Self.segment("Others"), workspaceId: a)
            await #expect(throws: StoreError.conflict(field: "name", message: "the name \"BUYERS\" is already used by \(SavedSegmentID.format(buyers.id))")) {
                try await store.createSavedSegment(try Self.segment("BUYERS"), workspaceId: a)
            }
            var renamed = other
            renamed.name = "buyers"
            await #expect(throws: StoreError.self) { try await store.updateSavedSegment(renamed, workspaceId: a) }
            #expect(try await store.savedSegment(workspaceId: a, id: other.id)?.name == "Others")
            // A segment may change the case of its own name; another workspace may use the name.
            var recased = buyers
            recased.name = "BUYERS"
            #expect(try await store.updateSavedSegment(recased, workspaceId: a)?.name == "BUYERS")
            _ = try await store.createSavedSegment(try Self.segment("buyers"), workspaceId: b)
            // Deleting frees the name.
            #expect(try await store.deleteSavedSegment(workspaceId: a, id: buyers.id))
            _ = try await store.createSavedSegment(try Self.segment("Buyers"), workspaceId: a)
        }
    }

    @Test(arguments: StoreKind.available)
    func listsAreNewestFirstInPagesAndIdsAreNeverReused(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let a = try await store.createWorkspace(name: "A", now: 0).workspace.id
            var ids: [Int64] = []
            for i in 0..<5 { ids.append(try await store.createSavedSegment(try Self.segment("S\(i)"), workspaceId: a).id) }
            let first = try await store.savedSegments(workspaceId: a, before: nil, limit: 2)
            #expect(first.map(\.name) == ["S4", "S3"])
            let second = try await store.savedSegments(workspaceId: a, before: first.last?.id, limit: 10)
            #expect(second.map(\.name) == ["S2", "S1", "S0"])
            #expect(try await store.deleteSavedSegment(workspaceId: a, id: ids[4]))
            let next = try await store.createSavedSegment(try Self.segment("S5"), workspaceId: a)
            #expect(next.id > ids[4])
        }
    }

    @Test(arguments: StoreKind.available)
    func anotherWorkspacesSegmentsCannotBeSeenOrChanged(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            let a = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let b = try await store.createWorkspace(name: "B", now: 0).workspace.id
            let ofB = try await store.createSavedSegment(try Self.segment("B's"), workspaceId: b)
            #expect(try await store.savedSegment(workspaceId: a, id: ofB.id) == nil)
            #expect(try await store.savedSegments(workspaceId: a, before: nil, limit: 100).isEmpty)
            var stolen = ofB
            stolen.name = "Mine"
            #expect(try await store.updateSavedSegment(stolen, workspaceId: a) == nil)
            #expect(try await store.deleteSavedSegment(workspaceId: a, id: ofB.id) == false)
            #expect(try await store.savedSegment(workspaceId: b, id: ofB.id) == ofB)
        }
    }
}
