import HTTPTypes
import TernCore
import TernServer
import TernStore
import Testing

/// Saved segments over HTTP: `/v1/segments`. Membership is computed from current data on every request.
@Suite struct SavedSegmentRoutesTests {
    static let recentBuyers = #"{"did": {"event": "cl_order_completed", "within": {"days": 30}}}"#

    static func order(_ client: Client, _ externalId: String, time: String = "2026-11-20T10:00:00Z", price: String = "10") async throws {
        try await AudienceRoutesTests.order(client, externalId, time: time, price: price)
    }

    /// Creates a segment in workspace A and returns its id.
    static func create(_ client: Client, _ name: String, filter: String = recentBuyers) async throws -> String {
        let reply = try await client.admin(.post, "/v1/segments", #"{"name": "\#(name)", "filter": \#(filter)}"#)
        #expect(reply.status == .created, "\(reply.text)")
        return try #require(reply["id"]?.stringValue)
    }

    static func total(_ client: Client, _ id: String) async throws -> JSONValue? {
        let reply = try await client.admin(.get, "/v1/segments/\(id)/count")
        #expect(reply.status == .ok, "\(reply.text)")
        return reply["total"]
    }

    @Test func creatingASegmentAnswers201WithItsTypedIdAndFilterAsWritten() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let filter = #"{"did": {"event": "cl_order_completed", "where": [{"property": "cl_price", "op": "gte", "value": 12.50}]}}"#
            let reply = try await client.admin(.post, "/v1/segments", #"{"name": " Big buyers ", "description": "Orders of 12.50 or more", "filter": \#(filter)}"#)
            #expect(reply.status == .created, "\(reply.text)")
            let id = try #require(reply["id"]?.stringValue)
            #expect(SavedSegmentID.parse(id) != nil)
            #expect(reply["name"] == .string("Big buyers"))
            #expect(reply["description"] == .string("Orders of 12.50 or more"))
            #expect(reply["filter"] == (try JSONParser.parse(filter)))
            #expect(reply["createdAt"] == .string(Timestamp.iso8601(Harness.start)))
            let got = try await client.admin(.get, "/v1/segments/\(id)")
            #expect(got.status == .ok)
            #expect(got.json == reply.json)
            #expect(got.text.contains("12.50"))
        }
    }

    @Test func membershipFollowsTheDataWithoutTouchingTheSegment() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let id = try await Self.create(client, "Recent buyers")
            let saved = try await client.admin(.get, "/v1/segments/\(id)").text
            #expect(try await Self.total(client, id) == .integer(0))

            try await Self.order(client, "u1")
            try await Self.order(client, "u2")
            #expect(try await Self.total(client, id) == .integer(2))
            let members = try await client.admin(.get, "/v1/segments/\(id)/contacts")
            #expect(members.items.map { $0["externalId"] } == [.string("u1"), .string("u2")])

            let u1 = try #require(members.items.first?["id"]?.stringValue)
            #expect(try await client.admin(.delete, "/v1/contacts/\(u1)").status == .noContent)
            #expect(try await Self.total(client, id) == .integer(1))
            // The 30 days end at the time of each request.
            client.harness.clock.advance(millis: 40 * 86_400_000)
            #expect(try await Self.total(client, id) == .integer(0))
            #expect(try await client.admin(.get, "/v1/segments/\(id)/contacts").items.isEmpty)
            #expect(try await client.admin(.get, "/v1/segments/\(id)").text == saved)
        }
    }

    @Test func changingTheFilterChangesMembership() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            try await Self.order(client, "cheap", price: "5")
            try await Self.order(client, "dear", price: "50")
            let id = try await Self.create(client, "Buyers")
            #expect(try await Self.total(client, id) == .integer(2))
            let patched = try await client.admin(.patch, "/v1/segments/\(id)", #"""
                {"filter": {"did": {"event": "cl_order_completed", "where": [{"property": "cl_price", "op": "gt", "value": 20}]}}}
                """#)
            #expect(patched.status == .ok, "\(patched.text)")
            #expect(patched["name"] == .string("Buyers"))
            let members = try await client.admin(.get, "/v1/segments/\(id)/contacts")
            #expect(members["total"] == .integer(1))
            #expect(members.items.map { $0["externalId"] } == [.string("dear")])
        }
    }

    @Test func contactsPageExactlyAsSearchDoes() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            for i in 0..<5 { try await Self.order(client, "u\(i)") }
            let id = try await Self.create(client, "Buyers")
            var cursor: String?
            var pages = 0
            repeat {
                let query = cursor.map { "?limit=2&cursor=\($0)" } ?? "?limit=2"
                let segment = try await client.admin(.get, "/v1/segments/\(id)/contacts\(query)")
                let cursorMember = cursor.map { #", "cursor": "\#($0)""# } ?? ""
                let search = try await client.admin(.post, "/v1/contacts/search", #"{"filter": \#(Self.recentBuyers), "limit": 2\#(cursorMember)}"#)
                #expect(segment.status == .ok, "\(segment.text)")
                #expect(segment.json == search.json)
                #expect(segment["total"] == .integer(5))
                cursor = segment["nextCursor"]?.stringValue
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
        }
    }

    @Test func aBadFilterIsRefusedAsSearchRefusesItAndNothingIsSaved() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let filter = #"{"all": [{"tag": "a"}, {"tag": "b"}, {"did": {"event": "cl_order_completed", "where": [{"property": "cl_sku", "op": "gt", "value": "x"}]}}]}"#
            let search = try await client.admin(.post, "/v1/contacts/search", #"{"filter": \#(filter)}"#)
            let reply = try await client.admin(.post, "/v1/segments", #"{"name": "Bad", "filter": \#(filter)}"#)
            #expect(reply.status == .unprocessableContent)
            #expect(reply.contentType == "application/problem+json")
            #expect(reply.errorFields == ["filter.all[2].did.where[0].op"])
            #expect(reply["errors"] == search["errors"])
            let unknown = try await client.admin(.post, "/v1/segments", #"{"name": "X", "filter": {"tag": "a"}, "members": ["ct_1"]}"#)
            #expect(unknown.errorFields == ["members"])
            #expect(try await client.admin(.get, "/v1/segments").items.isEmpty)

            let id = try await Self.create(client, "Good", filter: #"{"tag": "a"}"#)
            let before = try await client.admin(.get, "/v1/segments/\(id)").text
            let patch = try await client.admin(.patch, "/v1/segments/\(id)", #"{"name": "Renamed", "filter": {"did": {"event": "cl_nope"}}}"#)
            #expect(patch.status == .unprocessableContent)
            #expect(patch.errorFields == ["filter.did.event"])
            #expect(try await client.admin(.get, "/v1/segments/\(id)").text == before)
        }
    }

    @Test func namesAreUniqueIgnoringCase() async throws {
        try await Harness().run { client in
            let buyers = try await Self.create(client, "Buyers", filter: #"{"tag": "a"}"#)
            let again = try await client.admin(.post, "/v1/segments", #"{"name": "BUYERS", "filter": {"tag": "b"}}"#)
            #expect(again.status == .conflict)
            #expect(again.errorFields == ["name"])
            let others = try await Self.create(client, "Others", filter: #"{"tag": "a"}"#)
            let rename = try await client.admin(.patch, "/v1/segments/\(others)", #"{"name": "buyers"}"#)
            #expect(rename.status == .conflict)
            #expect(rename.errorFields == ["name"])
            let recase = try await client.admin(.patch, "/v1/segments/\(buyers)", #"{"name": "BUYERS"}"#)
            #expect(recase["name"] == .string("BUYERS"))
            let inB = try await client.send(.post, "/v1/segments", key: client.harness.b.adminKey, body: #"{"name": "Buyers", "filter": {"tag": "a"}}"#)
            #expect(inB.status == .created)
        }
    }

    @Test func theListIsNewestFirstInPages() async throws {
        try await Harness().run { client in
            for name in ["First", "Second", "Third"] { _ = try await Self.create(client, name, filter: #"{"tag": "a"}"#) }
            let first = try await client.admin(.get, "/v1/segments?limit=2")
            #expect(first.items.map { $0["name"] } == [.string("Third"), .string("Second")])
            #expect(first["hasMore"] == .bool(true))
            let cursor = try #require(first["nextCursor"]?.stringValue)
            let second = try await client.admin(.get, "/v1/segments?limit=2&cursor=\(cursor)")
            #expect(second.items.map { $0["name"] } == [.string("First")])
            #expect(second["hasMore"] == .bool(false))
            for query in ["limit=0", "limit=abc", "cursor=zz", "cursor=ct_1"] {
                #expect(try await client.admin(.get, "/v1/segments?\(query)").status == .unprocessableContent, "\(query)")
            }
        }
    }

    /// Search answers 422 for an unknown event; a saved filter that names an event deleted since is
    /// a 409 with the same errors, until the event comes back or the filter is changed.
    @Test func aSegmentWhoseEventWasDeletedAnswers409NamingTheNode() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            try await Self.order(client, "u1")
            let signup = #"{"id": "cl_signup", "name": "Signup", "direction": "inbound"}"#
            #expect(try await client.admin(.post, "/v1/event-definitions", signup).status == .created)
            let filter = #"{"any": [{"did": {"event": "cl_order_completed"}}, {"did": {"event": "cl_signup"}}]}"#
            let id = try await Self.create(client, "Active", filter: filter)
            #expect(try await Self.total(client, id) == .integer(1))

            #expect(try await client.admin(.delete, "/v1/event-definitions/cl_signup").status == .noContent)
            let search = try await client.admin(.post, "/v1/contacts/search", #"{"filter": \#(filter)}"#)
            #expect(search.status == .unprocessableContent)
            for path in ["/v1/segments/\(id)/contacts", "/v1/segments/\(id)/count"] {
                let reply = try await client.admin(.get, path)
                #expect(reply.status == .conflict, "\(path)")
                #expect(reply.contentType == "application/problem+json")
                #expect(reply.errorFields == ["filter.any[1].did.event"])
                #expect(reply["errors"] == search["errors"])
            }
            // The segment itself is kept as it was, and can still be renamed.
            #expect(try await client.admin(.get, "/v1/segments/\(id)")["filter"] == (try JSONParser.parse(filter)))
            #expect(try await client.admin(.patch, "/v1/segments/\(id)", #"{"name": "Was active"}"#).status == .ok)
            // Defining the event again brings the segment back.
            #expect(try await client.admin(.post, "/v1/event-definitions", signup).status == .created)
            #expect(try await Self.total(client, id) == .integer(1))
            _ = try await client.admin(.delete, "/v1/event-definitions/cl_signup")
            // So does a new filter.
            let fixed = try await client.admin(.patch, "/v1/segments/\(id)", #"{"filter": {"did": {"event": "cl_order_completed"}}}"#)
            #expect(fixed.status == .ok)
            #expect(try await Self.total(client, id) == .integer(1))
        }
    }

    @Test func aDeletedSegmentIsGone() async throws {
        try await Harness().run { client in
            let id = try await Self.create(client, "Gone", filter: #"{"tag": "a"}"#)
            #expect(try await client.admin(.delete, "/v1/segments/\(id)").status == .noContent)
            #expect(try await client.admin(.get, "/v1/segments/\(id)").status == .notFound)
            #expect(try await client.admin(.get, "/v1/segments/\(id)/contacts").status == .notFound)
            #expect(try await client.admin(.get, "/v1/segments/\(id)/count").status == .notFound)
            #expect(try await client.admin(.patch, "/v1/segments/\(id)", #"{"name": "Back"}"#).status == .notFound)
            #expect(try await client.admin(.delete, "/v1/segments/\(id)").status == .notFound)
            #expect(try await client.admin(.get, "/v1/segments").items.isEmpty)
            // Its name is free again, and its id is not given out again.
            let next = try await Self.create(client, "Gone", filter: #"{"tag": "a"}"#)
            #expect(next != id)
            for bad in ["sg_0", "sg_01", "grp_1", "x"] {
                #expect(try await client.admin(.get, "/v1/segments/\(bad)").status == .notFound, "\(bad)")
            }
        }
    }

    @Test func badPagesOfMembersAre422() async throws {
        try await Harness().run { client in
            let id = try await Self.create(client, "Tagged", filter: #"{"tag": "a"}"#)
            for query in ["limit=0", "limit=1001", "limit=abc", "cursor=zz", "cursor=sg_1"] {
                let reply = try await client.admin(.get, "/v1/segments/\(id)/contacts?\(query)")
                #expect(reply.status == .unprocessableContent, "\(query)")
            }
        }
    }
}
