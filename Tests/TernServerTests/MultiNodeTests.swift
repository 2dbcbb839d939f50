import Foundation
import PostgresNIO
import TernCore
import TernStore
import TernTestSupport
import Testing

/// Several `tern serve` processes on one PostgreSQL database, as behind a load balancer: they
/// start (and migrate) at the same moment, then take the same 20,000 events, split between them,
/// with deliberate duplicate messageIds, new phone numbers and months without a partition yet.
@Suite(.serialized) struct MultiNodeTests {
    static let nodes = 3
    static let events = 20_000
    static let duplicates = 3_000
    static let phones = 1_500

    struct Sent: Sendable {
        var messageId: String
        var phone: String
        var tag: String
        var time: Int64
        var json: String {
            #"{"event": "cl_buy", "phone": "\#(phone)", "time": \#(time), "messageId": "\#(messageId)", "contentTags": ["\#(tag)"]}"#
        }
    }

    @Test(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipReason)))
    func threeNodesRecordEveryEventOnceAndOneContactPerPhone() async throws {
        let binary = try TernProcess.binary()
        let configuration = try PostgresTestDatabase.freshConfiguration()
        let url = try #require(PostgresTestDatabase.url) + (PostgresTestDatabase.url!.contains("?") ? "&" : "?")
            + "search_path=\(try #require(configuration.schema))"
        // Three nodes start at the same moment on an empty schema: migrations take turns.
        let servers = try await withThrowingTaskGroup(of: TernProcess.self) { group in
            // Each node folds activeness every 500 events it records: folds race the other nodes' recording.
            for _ in 0..<Self.nodes {
                group.addTask { try await TernProcess.serve(binary, postgres: url, options: ["--activeness-fold-interval", "500"]) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        do {
            try await Self.sendAndCheck(binary: binary, url: url, configuration: configuration, servers: servers)
        } catch {
            await Self.cleanUp(servers, configuration)
            throw error
        }
        await Self.cleanUp(servers, configuration)
    }

    static func cleanUp(_ servers: [TernProcess], _ configuration: PostgresStore.Configuration) async {
        for server in servers { server.kill() }
        try? await PostgresStore.withStore(configuration, logger: TestStore.logger, now: 0) { store in
            try await PostgresTestDatabase.dropSchema(of: configuration, client: store.client)
        }
    }

    static func sendAndCheck(
        binary: URL, url: String, configuration: PostgresStore.Configuration, servers: [TernProcess]
    ) async throws {
        let created = try TernProcess.runToEnd(binary, ["workspace", "create", "multi", "--postgres", url, "--json"])
        let keys = try #require(try JSONParser.parse(created).objectValue)
        let admin = try #require(keys["adminKey"]?.stringValue), write = try #require(keys["writeKey"]?.stringValue)
        let workspaceId = try #require(keys["id"]?.stringValue.flatMap(WorkspaceID.parse))
        let defined = try await servers[0].request("POST", "/v1/event-definitions", key: admin, body: """
            {"id": "cl_buy", "name": "Buy", "direction": "inbound", "score": 3, "stage": "customer"}
            """)
        #expect(defined.status == 201, "\(defined.body)")

        // 17,000 distinct events, then 3,000 repeats of some of them (a retry reaching another node).
        var generator = SystemRandomNumberGenerator()
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let tags = ["shoes", "hats", "sale", "news"]
        var sent = (0..<(Self.events - Self.duplicates)).map { n in
            Sent(
                messageId: "m\(n)", phone: "+4477009\(String(format: "%05d", n % Self.phones))",
                tag: tags[n % tags.count],
                // This month and the two before, and a far one: months whose partitions the nodes create on demand.
                time: n % 50 == 0 ? 1_700_000_000_000 + Int64(n) : now - Int64.random(in: 0..<(60 * 86_400_000), using: &generator))
        }
        sent += (0..<Self.duplicates).map { _ in sent.randomElement(using: &generator)! }
        sent.shuffle(using: &generator)
        let batches = stride(from: 0, to: sent.count, by: 100).map { Array(sent[$0..<min($0 + 100, sent.count)]) }

        let failures = Shared<[String]>([])
        let next = Shared(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<(Self.nodes * 4) {
                let server = servers[client % Self.nodes]
                group.addTask {
                    while true {
                        let index = next.withLock { value in defer { value += 1 }; return value }
                        guard index < batches.count else { return }
                        let body = #"{"events": [\#(batches[index].map(\.json).joined(separator: ","))]}"#
                        let reply = try await server.request("POST", "/v1/events/batch", key: write, body: body)
                        if reply.status != 200 { failures.withLock { $0.append("\(reply.status) \(reply.body.prefix(200))") } }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0.prefix(3) })")

        let expectedIds = Set(sent.map(\.messageId))
        let expectedPhones = Set(sent.map(\.phone))
        try await PostgresStore.withStore(configuration, logger: TestStore.logger, now: 0) { store in
            var stored: [StoredEvent] = []
            var cursor: EventCursor?
            repeat {
                let page = try await store.events(EventQuery(workspaceId: workspaceId, event: "cl_buy", limit: 5_000, cursor: cursor))
                stored += page.events
                cursor = page.nextCursor
                if !page.hasMore { break }
            } while true
            #expect(stored.count == expectedIds.count, "no event lost, none stored twice")
            #expect(Set(stored.compactMap(\.messageId)) == expectedIds)

            var contacts: [Contact] = []
            var after: Int64?
            repeat {
                let page = try await store.contacts(workspaceId: workspaceId, filter: .all, after: after, limit: 1_000)
                contacts += page
                after = page.last?.id
                if page.count < 1_000 { break }
            } while true
            #expect(contacts.count == expectedPhones.count, "one contact per phone")
            #expect(Set(contacts.compactMap(\.phone)) == expectedPhones)
            let created = try await store.events(EventQuery(workspaceId: workspaceId, event: "contact_created", limit: 5_000))
            #expect(created.events.count == expectedPhones.count)

            let folded = try await store.client.query(
                "SELECT COALESCE((SELECT event_id FROM activeness_folded WHERE workspace_id = \(workspaceId)), 0)"
            ).collect()[0].decode(Int64.self)
            #expect(folded > 0, "the nodes folded activeness while they recorded")
            let incremental = try await store.rollups(workspaceId: workspaceId)
            try await store.rebuildRollups(workspaceId: workspaceId)
            let rebuilt = try await store.rollups(workspaceId: workspaceId)
            #expect(incremental == rebuilt, "rollups kept by three nodes equal a rebuild")
            let perContact = Dictionary(grouping: stored, by: \.contactId).mapValues(\.count)
            #expect(rebuilt.allSatisfy { $0.value.activeness == 3 * (perContact[$0.key] ?? 0) && $0.value.stage == "customer" })
        }
    }
}
