import PostgresNIO
import TernCore
import TernTestSupport
import Testing
@testable import TernStore

/// Recording a batch looks up every identifier, messageId and previous userId it names. Those
/// lookups must stay index probes however many values a transaction carries: a join with the array
/// once became a scan of every contact of the workspace per transaction (12 ms at 100,000 contacts,
/// growing with them).
@Suite struct PostgresLookupPlanTests {
    @Test(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipReason)))
    func lookupsOfManyValuesProbeTheIndexes() async throws {
        try await TestStore.with(.postgres) { test in
            let store = try #require(test.store as? PostgresStore)
            let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
            let logger = TestStore.logger
            try await store.read { connection in
                try await connection.run("""
                    INSERT INTO contacts (workspace_id, phone, external_id, email, attributes, created_at, updated_at)
                    SELECT \(workspace), '+4477009' || lpad(n::text, 5, '0'), 'u' || n, 'u' || n || '@example.com', '{}', 0, 0
                    FROM generate_series(1, 20000) AS n
                    """, logger)
                try await connection.run("""
                    INSERT INTO event_message_ids (workspace_id, message_id, event_id, contact_id)
                    SELECT \(workspace), 'm' || n, n, 1 FROM generate_series(1, 20000) AS n
                    """, logger)
                try await connection.run("""
                    INSERT INTO contact_previous_user_ids (workspace_id, user_id, contact_id)
                    SELECT \(workspace), 'old' || n, 1 FROM generate_series(1, 20000) AS n
                    """, logger)
                try await connection.run("ANALYZE contacts", logger)
                try await connection.run("ANALYZE event_message_ids", logger)
                try await connection.run("ANALYZE contact_previous_user_ids", logger)
            }
            let values = (1...3_000).map { $0 * 6 }
            let queries = [
                PostgresStore.probes(
                    ["phone": values.map { "+4477009" + String(repeating: "0", count: 5 - String($0).count) + String($0) },
                     "external_id": values.map { "u\($0)" }, "email": values.map { "u\($0)@example.com" }],
                    ids: values.map(Int64.init), in: "contacts", columns: "id, phone, external_id, email", workspaceId: workspace),
                PostgresStore.probes(["message_id": values.map { "m\($0)" }], in: "event_message_ids",
                                     columns: "message_id, event_id, contact_id", workspaceId: workspace),
                PostgresStore.probes(["user_id": values.map { "old\($0)" }], in: "contact_previous_user_ids",
                                     columns: "user_id, contact_id", workspaceId: workspace),
            ]
            let expectedRows = [4 * values.count, values.count, values.count]
            for (query, expected) in zip(queries, expectedRows) {
                let (plan, rows) = try await store.read { connection in
                    let explain = PostgresQuery(unsafeSQL: "EXPLAIN " + query.sql, binds: query.binds)
                    let plan = try await connection.all(explain, logger).map { try $0.decode(String.self) }.joined(separator: "\n")
                    return (plan, try await connection.all(query, logger).count)
                }
                #expect(rows == expected)
                #expect(!plan.contains("Seq Scan"), "\(plan)")
                #expect(!plan.contains("Hash Join"), "\(plan)")
                #expect(plan.contains("Index"), "\(plan)")
            }
        }
    }
}
