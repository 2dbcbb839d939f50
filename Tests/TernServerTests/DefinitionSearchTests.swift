import HTTPTypes
import TernCore
import TernServer
import TernStore
import Testing

/// Searching the tracking plan: substring of id or name with filters, system events first, then by name, in pages.
@Suite struct DefinitionSearchTests {
    /// Defines `count` custom events named `Event 00`...; even ones outbound, odd ones in group "Odd".
    private func defineMany(_ client: Client, _ count: Int) async throws {
        for i in 0..<count {
            let padded = i < 10 ? "0\(i)" : "\(i)"
            let direction = i % 2 == 0 ? "outbound" : "inbound"
            let group = i % 2 == 1 ? #", "group": "Odd""# : ""
            let reply = try await client.admin(.post, "/v1/event-definitions", """
                {"id": "cl_event_\(padded)", "name": "Event \(padded)", "direction": "\(direction)"\(group)}
                """)
            #expect(reply.status == .created)
        }
    }

    private func ids(_ reply: Reply) -> [String] { reply.items.compactMap { $0["id"]?.stringValue } }

    @Test func pagesWalkSystemEventsFirstThenByNameWithoutRepeatsOrGaps() async throws {
        try await Harness().run { client in
            try await defineMany(client, 25)
            let total = SystemCatalog.definitions.count + 25
            let expectedPages = (total + 6) / 7
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let reply = try await client.admin(.get, "/v1/event-definitions?limit=7" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(reply.status == .ok)
                seen += ids(reply)
                pages += 1
                let hasMore = reply["hasMore"] == .bool(true)
                #expect(reply.items.count == (hasMore ? 7 : total - 7 * (expectedPages - 1)))
                cursor = hasMore ? reply["nextCursor"]?.stringValue : nil
            } while cursor != nil && pages < 10
            #expect(pages == expectedPages)
            let system = SystemCatalog.definitions.sorted { $0.name.lowercased() < $1.name.lowercased() }.map(\.id)
            let custom = (0..<25).map { $0 < 10 ? "cl_event_0\($0)" : "cl_event_\($0)" }
            #expect(seen == system + custom)
        }
    }

    @Test func theLastPageSaysThereIsNoMore() async throws {
        try await Harness().run { client in
            let reply = try await client.admin(.get, "/v1/event-definitions?limit=1000")
            #expect(reply["hasMore"] == .bool(false))
            #expect(reply["nextCursor"]?.stringValue != nil)
            #expect(reply.items.count == SystemCatalog.definitions.count)
        }
    }

    @Test func searchCombinesWithGroupSystemAndDirection() async throws {
        try await Harness().run { client in
            try await defineMany(client, 12)
            #expect(ids(try await client.admin(.get, "/v1/event-definitions?q=EVENT%201")) == ["cl_event_10", "cl_event_11"])
            #expect(ids(try await client.admin(.get, "/v1/event-definitions?q=event_0&group=odd")).count == 5)
            #expect(ids(try await client.admin(.get, "/v1/event-definitions?q=event_0&direction=outbound")).count == 5)
            #expect(ids(try await client.admin(.get, "/v1/event-definitions?q=e&system=true&direction=inbound"))
                == ["form_submitted", "link_clicked", "message_read", "page_viewed", "screen_viewed"])
            #expect(ids(try await client.admin(.get, "/v1/event-definitions?q=_%25")).isEmpty)
        }
    }

    @Test func searchPagesToo() async throws {
        try await Harness().run { client in
            try await defineMany(client, 12)
            let first = try await client.admin(.get, "/v1/event-definitions?q=event&group=Odd&limit=4")
            #expect(ids(first) == ["cl_event_01", "cl_event_03", "cl_event_05", "cl_event_07"])
            #expect(first["hasMore"] == .bool(true))
            let cursor = try #require(first["nextCursor"]?.stringValue)
            let second = try await client.admin(.get, "/v1/event-definitions?q=event&group=Odd&limit=4&cursor=\(cursor)")
            #expect(ids(second) == ["cl_event_09", "cl_event_11"])
            #expect(second["hasMore"] == .bool(false))
        }
    }

    @Test func badParametersAreNamed() async throws {
        try await Harness().run { client in
            let reply = try await client.admin(.get, "/v1/event-definitions?cursor=nope&limit=0&system=maybe")
            #expect(reply.status == .unprocessableContent)
            #expect(Set(reply.errorFields) == ["cursor", "limit", "system"])
        }
    }
}
