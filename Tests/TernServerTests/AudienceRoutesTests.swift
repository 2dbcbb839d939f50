import HTTPTypes
import TernCore
import TernServer
import TernStore
import Testing

@Suite struct AudienceRoutesTests {
    static func order(_ client: Client, _ externalId: String, time: String, price: String = "10", key: String? = nil) async throws {
        let reply = try await client.send(.post, "/v1/events", key: key ?? client.harness.a.writeKey, body: #"""
            {"event": "cl_order_completed", "externalId": "\#(externalId)", "time": "\#(time)", "properties": {"cl_price": \#(price)}}
            """#)
        #expect(reply.status == .created || reply.status == .ok, "\(reply.text)")
    }

    @Test func anInvalidFilterIsA422NamingTheBadNode() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let reply = try await client.admin(.post, "/v1/contacts/search", #"""
                {"filter": {"all": [{"tag": "a"}, {"tag": "b"}, {"did": {"event": "cl_order_completed", "where": [{"property": "cl_sku", "op": "gt", "value": "x"}]}}]}}
                """#)
            #expect(reply.status == .unprocessableContent)
            #expect(reply.errorFields == ["filter.all[2].did.where[0].op"])
            let missing = try await client.admin(.post, "/v1/contacts/search", #"{"limit": 0}"#)
            #expect(Set(missing.errorFields) == ["filter", "limit"])
        }
    }

    @Test func searchCountsAndPagesTheMatchingContacts() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            for i in 0..<5 { try await Self.order(client, "u\(i)", time: "2026-11-20T10:00:00Z", price: i < 3 ? "50" : "5") }
            let body = #"{"filter": {"did": {"event": "cl_order_completed", "within": {"days": 30}, "where": [{"property": "cl_price", "op": "gte", "value": 20}]}}, "limit": 2}"#
            let first = try await client.admin(.post, "/v1/contacts/search", body)
            #expect(first.status == .ok, "\(first.text)")
            #expect(first["total"] == .integer(3))
            #expect(first.items.count == 2)
            #expect(first.items[0]["externalId"] == .string("u0"))
            let cursor = try #require(first["nextCursor"]?.stringValue)
            let second = try await client.admin(.post, "/v1/contacts/search",
                #"{"filter": {"did": {"event": "cl_order_completed", "where": [{"property": "cl_price", "op": "gte", "value": 20}]}}, "limit": 2, "cursor": "\#(cursor)"}"#)
            #expect(second.items.map { $0["externalId"] } == [.string("u2")])
            #expect(second["nextCursor"] == .null)
            // Relative windows end at the time of the query.
            client.harness.clock.advance(millis: 40 * 86_400_000)
            #expect(try await client.admin(.post, "/v1/contacts/search", body)["total"] == .integer(0))
        }
    }

    @Test func anotherWorkspacesEventsAndContactsNeverCount() async throws {
        try await Harness().run { client in
            let b = client.harness.b
            try await client.defineOrderCompleted()
            try await client.defineOrderCompleted(key: b.adminKey)
            try await Self.order(client, "a1", time: "2026-11-20T10:00:00Z")
            try await Self.order(client, "b1", time: "2026-11-20T10:00:00Z", key: b.writeKey)
            try await Self.order(client, "b2", time: "2026-11-20T10:00:00Z", key: b.writeKey)
            let did = #"{"filter": {"did": {"event": "cl_order_completed"}}}"#
            let a = try await client.admin(.post, "/v1/contacts/search", did)
            #expect(a["total"] == .integer(1))
            #expect(a.items.map { $0["externalId"] } == [.string("a1")])
            let notDid = try await client.send(.post, "/v1/contacts/search", key: b.adminKey, body: #"{"filter": {"not": {"did": {"event": "cl_order_completed"}}}}"#)
            #expect(notDid["total"] == .integer(0))
            let funnel = try await client.send(.post, "/v1/analytics/funnel", key: b.adminKey, body: #"""
                {"steps": [{"event": "cl_order_completed"}, {"event": "cl_order_completed"}], "window": {"days": 1},
                 "from": "2026-11-01T00:00:00Z", "to": "2026-11-24T00:00:00Z"}
                """#)
            #expect(funnel["steps"]?.arrayValue?.first?["contacts"] == .integer(2))
            let write = try await client.write(.post, "/v1/contacts/search", did)
            #expect(write.status == .forbidden)
        }
    }

    @Test func dailyBucketsFollowTheTimeZoneAcrossADaylightSavingChange() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            // Paris leaves summer time on 2026-10-25: that day lasts 25 hours.
            try await Self.order(client, "u1", time: "2026-10-24T23:30:00+02:00")
            try await Self.order(client, "u1", time: "2026-10-25T23:30:00+01:00")
            try await Self.order(client, "u2", time: "2026-10-25T00:30:00+02:00")
            let reply = try await client.admin(.post, "/v1/analytics/distribution", #"""
                {"event": "cl_order_completed", "interval": "day", "timeZone": "Europe/Paris",
                 "from": "2026-10-24T00:00:00+02:00", "to": "2026-10-27T00:00:00+01:00"}
                """#)
            #expect(reply.status == .ok, "\(reply.text)")
            let buckets = reply["buckets"]?.arrayValue ?? []
            #expect(buckets.map { $0["start"]?.stringValue ?? "" }
                == ["2026-10-24T00:00:00+02:00", "2026-10-25T00:00:00+02:00", "2026-10-26T00:00:00+01:00"])
            #expect(buckets.map { $0["events"] } == [.integer(1), .integer(2), .integer(0)])
            #expect(buckets.map { $0["contacts"] } == [.integer(1), .integer(2), .integer(0)])
            // Saturday 23:30 and Sunday 00:30 and 23:30, local.
            let matrix = reply["hourOfWeek"]?.arrayValue?.map { $0.arrayValue ?? [] } ?? []
            #expect(matrix[5][23] == .integer(1))
            #expect(matrix[6][0] == .integer(1))
            #expect(matrix[6][23] == .integer(1))
            let bad = try await client.admin(.post, "/v1/analytics/distribution", #"""
                {"event": "cl_order_completed", "interval": "fortnight", "timeZone": "Mars/Olympus", "from": 0, "to": 0}
                """#)
            #expect(Set(bad.errorFields) == ["interval", "timeZone", "to"])
        }
    }

    @Test func aFunnelReportsStepsConversionsMediansAndBreakdown() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            _ = try await client.admin(.post, "/v1/event-definitions", #"{"id": "cl_signup", "name": "Signup", "direction": "inbound", "properties": [{"id": "cl_plan", "name": "Plan", "type": "string"}]}"#)
            for (user, plan) in [("u1", "pro"), ("u2", "free"), ("u3", "pro")] {
                _ = try await client.write(.post, "/v1/events", #"{"event": "cl_signup", "externalId": "\#(user)", "time": "2026-11-10T10:00:00Z", "properties": {"cl_plan": "\#(plan)"}}"#)
            }
            try await Self.order(client, "u1", time: "2026-11-10T11:00:00Z")
            try await Self.order(client, "u3", time: "2026-11-10T13:00:00Z")
            try await Self.order(client, "u2", time: "2026-11-20T10:00:00Z")  // outside the 1-day window
            let reply = try await client.admin(.post, "/v1/analytics/funnel", #"""
                {"steps": [{"event": "cl_signup"}, {"event": "cl_order_completed", "where": [{"property": "cl_price", "op": "gt", "value": 1}]}],
                 "window": {"days": 1}, "from": "2026-11-01T00:00:00Z", "to": "2026-11-15T00:00:00Z", "breakdown": "cl_plan"}
                """#)
            #expect(reply.status == .ok, "\(reply.text)")
            let steps = reply["steps"]?.arrayValue ?? []
            #expect(steps.map { $0["contacts"] } == [.integer(3), .integer(2)])
            #expect(steps[1]["medianSecondsFromPrevious"]?.numberText.flatMap(Double.init) == 7200)
            #expect(steps[1]["conversionFromFirst"]?.numberText.flatMap(Double.init).map { abs($0 - 2.0 / 3) < 1e-9 } == true)
            let groups = reply["breakdown"]?.arrayValue ?? []
            #expect(groups.map { $0["value"] } == [.string("pro"), .string("free")])
            let bad = try await client.admin(.post, "/v1/analytics/funnel", #"{"steps": [{"event": "cl_signup"}, {"event": "nope"}], "window": {"weeks": 1}, "from": 0, "to": 1}"#)
            #expect(Set(bad.errorFields) == ["steps[1].event", "window.weeks"])
        }
    }
}
