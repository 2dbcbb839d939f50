import PostgresNIO
import TernCore
import TernTestSupport
import Testing
@testable import TernStore

/// On PostgreSQL recording does not update activeness; a fold in the background adds the scores
/// of the events past the workspace's mark. Reads add the unfolded scores, so activeness is the
/// same before and after a fold.
@Suite struct PostgresActivenessFoldTests {
    @Test(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipReason)))
    func recordingFoldsActivenessInTheBackgroundOnceTheIntervalIsReached() async throws {
        try await TestStore.with(.postgres, activenessFoldInterval: 100) { test in
            let store = try #require(test.store as? PostgresStore)
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            try await store.createDefinition(EventDefinition(id: "cl_x", name: "X", direction: .inbound, score: 3), workspaceId: workspace)
            func batch(_ range: Range<Int>) -> EventBatch {
                EventBatch(workspaceId: workspace, events: range.map { index in
                    RecordableEvent(event: "cl_x", time: 1, contact: ContactIdentity(externalId: "u\(index % 7)"), source: .api, score: 3)
                }, receivedAt: 10)
            }
            _ = try await store.record([batch(0..<60)])
            #expect(try await Self.mark(store, workspace) == 0, "60 events: below the interval, nothing folded")
            let before = try await Self.activeness(store, workspace)
            #expect(before.values.reduce(0, +) == 60 * 3, "the unfolded scores are read from the events")

            _ = try await store.record([batch(60..<120)])
            let newest = try #require(try await store.events(EventQuery(workspaceId: workspace, limit: 1_000)).events.last?.id)
            // The fold runs on its own, on another connection.
            for _ in 0..<500 where try await Self.mark(store, workspace) != newest { try await Task.sleep(for: .milliseconds(10)) }
            #expect(try await Self.mark(store, workspace) == newest)
            let folded = try await store.client.withConnection { connection in
                try await connection.query("SELECT SUM(folded)::bigint FROM activeness_buckets CROSS JOIN unnest(sums) AS folded", logger: TestStore.logger)
                    .collect()[0].decode(Int64.self)
            }
            #expect(folded == 120 * 3, "every score is folded")
            let after = try await Self.activeness(store, workspace)
            #expect(after.values.reduce(0, +) == 120 * 3)
            #expect(try await store.rollups(workspaceId: workspace).mapValues(\.activeness) == after)
            let one = try #require(try await store.contact(workspaceId: workspace, key: .externalId("u0")))
            #expect(one.activeness == after[one.id], "one contact read through its timeline agrees with a listing")
        }
    }

    /// Folded sums live in rows of 128 contacts: each contact keeps its own slot through folds, a
    /// merge within a row and across rows, and the deletion of a neighbour.
    @Test(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipReason)))
    func eachContactKeepsItsOwnFoldedActivenessInItsBucket() async throws {
        try await TestStore.with(.postgres, activenessFoldInterval: 1_000_000) { test in
            let store = try #require(test.store as? PostgresStore)
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            // New contacts then take ids 126 to 131: the first two in bucket 0, the rest in bucket 1.
            _ = try await store.client.withConnection { connection in
                try await connection.query("SELECT setval('contacts_id_seq', 125)", logger: TestStore.logger)
            }
            func record(_ contact: ContactIdentity, score: Int) async throws -> Int64 {
                let event = RecordableEvent(event: "cl_x", time: 1, contact: contact, source: .api, score: score)
                let outcome = try await store.record([EventBatch(workspaceId: workspace, events: [event], receivedAt: 10)])[0][0]
                let contactId: Int64? = if case .recorded(_, let id) = outcome { id } else { nil }
                return try #require(contactId, "\(outcome)")
            }
            let a = try await record(ContactIdentity(externalId: "a"), score: 1)
            let b = try await record(ContactIdentity(externalId: "b"), score: 2)
            let c = try await record(ContactIdentity(externalId: "c"), score: 4)
            let d = try await record(ContactIdentity(externalId: "d"), score: 8)
            let farAnonymous = try await record(ContactIdentity(anonymousId: "far"), score: 16)
            let nearAnonymous = try await record(ContactIdentity(anonymousId: "near"), score: 32)
            #expect([a, b, c, d, farAnonymous, nearAnonymous] == [126, 127, 128, 129, 130, 131])
            try await store.foldActiveness(workspaceId: workspace)
            #expect(try await Self.activeness(store, workspace) == [a: 1, b: 2, c: 4, d: 8, farAnonymous: 16, nearAnonymous: 32])

            _ = try await record(ContactIdentity(externalId: "b", anonymousId: "far"), score: 0)  // bucket 1 into bucket 0
            _ = try await record(ContactIdentity(externalId: "d", anonymousId: "near"), score: 0)  // within bucket 1
            #expect(try await store.deleteContact(workspaceId: workspace, id: c))
            let expected: [Int64: Int] = [a: 1, b: 18, d: 40]
            #expect(try await Self.activeness(store, workspace) == expected)
            try await store.foldActiveness(workspaceId: workspace)
            #expect(try await Self.activeness(store, workspace) == expected)
            #expect(try await store.contact(workspaceId: workspace, key: .externalId("d"))?.activeness == 40)
            try await store.rebuildRollups(workspaceId: workspace)
            #expect(try await Self.activeness(store, workspace) == expected)
        }
    }

    static func mark(_ store: PostgresStore, _ workspace: Int64) async throws -> Int64 {
        try await store.client.withConnection { connection in
            try await connection.query(
                "SELECT COALESCE((SELECT event_id FROM activeness_folded WHERE workspace_id = \(workspace)), 0)", logger: TestStore.logger
            ).collect()[0].decode(Int64.self)
        }
    }

    static func activeness(_ store: PostgresStore, _ workspace: Int64) async throws -> [Int64: Int] {
        let contacts = try await store.contacts(workspaceId: workspace, filter: .all, after: nil, limit: 100)
        return Dictionary(uniqueKeysWithValues: contacts.map { ($0.id, $0.activeness) })
    }
}
