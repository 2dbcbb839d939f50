import CompressNIO
import Foundation
import HTTPTypes
import NIOCore
import TernCore
import TernServer
import TernStore
import Testing

/// Segment's HTTP Tracking API: existing SDKs work by changing only the host and the write key.
@Suite struct SegmentTests {
    static func basic(_ key: String) -> HTTPFields { [.authorization: "Basic " + Data("\(key):".utf8).base64EncodedString()] }

    func segment(_ client: Client, _ path: String, _ body: String, headers: HTTPFields = [:]) async throws -> Reply {
        var all = Self.basic(client.harness.a.writeKey)
        for field in headers { all[field.name] = field.value }
        return try await client.send(.post, path, key: nil, body: body, headers: all)
    }

    func events(_ client: Client, _ event: String) async throws -> [JSONValue] {
        try await client.admin(.get, "/v1/events?event=\(event)&limit=1000").items
    }

    func contact(_ client: Client, externalId: String) async throws -> JSONValue? {
        try await client.admin(.get, "/v1/contacts?externalId=\(externalId)").items.first
    }

    @Test func trackIsRecordedAsASegmentEventOnTheUsersContact() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let reply = try await segment(client, "/v1/track", #"{"userId": "u1", "event": "Order Completed", "properties": {"cl_price": 9.5}, "messageId": "m1"}"#)
            #expect(reply.status == .ok)
            #expect(reply.json == .object(["success": .bool(true)]))
            let stored = try await events(client, "cl_order_completed")
            #expect(stored.count == 1)
            #expect(stored.first?["source"] == .string("segment"))
            #expect(stored.first?["properties"]?["cl_price"] == .number("9.5"))
            #expect(stored.first?["contactId"] == (try await contact(client, externalId: "u1"))?["id"])
        }
    }

    @Test func contentTagsComeInPropertiesAndCountAsTheContactsPreferences() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let track = #"{"userId": "u1", "event": "cl_order_completed", "messageId": "t1", "properties": {"cl_price": 5, "contentTags": ["shoes", "sale"]}}"#
            #expect(try await segment(client, "/v1/track", track).status == .ok)
            let page = #"{"userId": "u1", "name": "Shoes", "messageId": "p1", "properties": {"url": "https://shop.example/shoes", "contentTags": ["shoes"]}}"#
            #expect(try await segment(client, "/v1/page", page).status == .ok)
            let stored = try await client.admin(.get, "/v1/events?limit=100").items.filter { $0["source"] == .string("segment") }
            #expect(stored.map { $0["contentTags"] } == [.array([.string("shoes"), .string("sale")]), .array([.string("shoes")])])
            #expect(stored.allSatisfy { $0["properties"]?["contentTags"] == nil })
            let id = try #require(try await contact(client, externalId: "u1")?["id"]?.stringValue)
            let detail = try await client.admin(.get, "/v1/contacts/\(id)")
            #expect(detail["topTags"] == .array([
                .object(["tag": .string("shoes"), "count": .integer(2)]), .object(["tag": .string("sale"), "count": .integer(1)]),
            ]))

            // Tags that break the rules quarantine the message, named where Segment put them.
            let bad = #"{"userId": "u1", "event": "cl_order_completed", "messageId": "t2", "properties": {"contentTags": [7]}}"#
            #expect(try await segment(client, "/v1/track", bad).status == .ok)
            let rejected = try await client.admin(.get, "/v1/rejected-events?reason=invalid_property").items
            #expect(rejected.first?["errors"]?.arrayValue?.first?["field"] == .string("properties.contentTags[0]"))
        }
    }

    @Test func theQuarantinePagesWithACursor() async throws {
        try await Harness().run { client in
            let messages = (1...3).map { #"{"type": "track", "userId": "u1", "event": "Unknown \#($0)", "messageId": "q\#($0)"}"# }
            #expect(try await segment(client, "/v1/batch", #"{"batch": [\#(messages.joined(separator: ","))]}"#).status == .ok)
            let first = try await client.admin(.get, "/v1/rejected-events?limit=2")
            #expect(first.items.compactMap { $0["event"]?.stringValue } == ["Unknown 1", "Unknown 2"])
            #expect(first["hasMore"] == .bool(true))
            let cursor = try #require(first["nextCursor"]?.stringValue)
            let second = try await client.admin(.get, "/v1/rejected-events?limit=2&cursor=\(cursor)")
            #expect(second.items.compactMap { $0["event"]?.stringValue } == ["Unknown 3"])
            #expect(second["hasMore"] == .bool(false))
            let past = try await client.admin(.get, "/v1/rejected-events?limit=2&cursor=\(try #require(second["nextCursor"]?.stringValue))")
            #expect(past.items.isEmpty && past["hasMore"] == .bool(false))
        }
    }

    @Test func theWriteKeyMayComeInTheBody() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let body = #"{"userId": "u1", "event": "cl_order_completed", "writeKey": "\#(client.harness.a.writeKey)"}"#
            #expect(try await client.send(.post, "/v1/track", key: nil, body: body).status == .ok)
            #expect(try await client.send(.post, "/v1/track", key: nil, body: #"{"userId": "u1", "event": "x", "writeKey": "nope"}"#).status == .unauthorized)
            let status1 = try await segment(client, "/v1/track", "{not json").status
            #expect(status1 == .badRequest)
        }
    }

    @Test func messagesThatFailValidationAreQuarantinedAndReplayedOnceFixed() async throws {
        try await Harness().run { client in
            let body = #"{"batch": [{"type": "track", "userId": "u1", "event": "Signed Up", "messageId": "s1"}, {"type": "track", "userId": "u1", "event": "Signed Up", "messageId": "s2", "properties": {"cl_plan": "pro"}}]}"#
            let status2 = try await segment(client, "/v1/batch", body).status
            #expect(status2 == .ok)
            let rejected = try await client.admin(.get, "/v1/rejected-events?reason=unknown_event")
            #expect(rejected.items.count == 2)
            #expect(rejected.items.first?["payload"]?["event"] == .string("Signed Up"))
            #expect(try await client.admin(.get, "/v1/rejected-events/summary")["byReason"]?["unknown_event"] == .integer(2))

            _ = try await client.admin(.post, "/v1/event-definitions", #"{"id": "cl_signed_up", "name": "Signed up", "direction": "inbound"}"#)
            let first = try await client.admin(.post, "/v1/rejected-events/replay")
            #expect(first["replayed"] == .integer(1))
            #expect(first["remaining"] == .integer(1))
            let left = try await client.admin(.get, "/v1/rejected-events?pending=true")
            #expect(left.items.first?["reason"] == .string("unknown_event"))

            _ = try await client.admin(.patch, "/v1/event-definitions/cl_signed_up", #"{"properties": [{"id": "cl_plan", "name": "Plan", "type": "string"}]}"#)
            #expect(try await client.admin(.post, "/v1/rejected-events/replay")["replayed"] == .integer(1))
            #expect(try await client.admin(.post, "/v1/rejected-events/replay")["replayed"] == .integer(0))
            let stored = try await events(client, "cl_signed_up")
            #expect(stored.compactMap { $0["messageId"]?.stringValue }.sorted() == ["s1", "s2"])
        }
    }

    @Test func undeclaredPropertiesAndWrongTypesHaveTheirOwnReasons() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            _ = try await segment(client, "/v1/track", #"{"userId": "u1", "event": "cl_order_completed", "properties": {"coupon": "X"}}"#)
            _ = try await segment(client, "/v1/track", #"{"userId": "u1", "event": "cl_order_completed", "properties": {"cl_price": "cheap"}}"#)
            let summary = try await client.admin(.get, "/v1/rejected-events/summary")
            #expect(summary["byReason"] == .object(["undeclared_property": .integer(1), "invalid_property": .integer(1)]))
        }
    }

    @Test func pageAndScreenRecordTheirSystemEvents() async throws {
        try await Harness().run { client in
            let page = #"{"anonymousId": "a1", "name": "Pricing", "context": {"page": {"url": "https://shop.example/pricing?x=1", "path": "/pricing", "referrer": "https://search.example/", "title": "Pricing"}}}"#
            let status3 = try await segment(client, "/v1/page", page).status
            #expect(status3 == .ok)
            let viewed = try await events(client, "page_viewed")
            #expect(viewed.first?["properties"] == .object([
                "url": .string("https://shop.example/pricing?x=1"), "path": .string("/pricing"),
                "referrer": .string("https://search.example/"), "title": .string("Pricing"),
            ]))
            _ = try await segment(client, "/v1/screen", #"{"userId": "u1", "name": "Cart"}"#)
            #expect(try await events(client, "screen_viewed").first?["properties"]?["name"] == .string("Cart"))
        }
    }

    @Test func identifyStoresTraits() async throws {
        try await Harness().run { client in
            _ = try await segment(client, "/v1/identify", #"{"userId": "u1", "traits": {"phone": "+44 7700 900123", "email": "Ann@Example.com", "name": "Ann", "plan": "pro"}}"#)
            let found = try #require(try await contact(client, externalId: "u1"))
            #expect(found["phone"] == .string("+447700900123"))
            #expect(found["email"] == .string("ann@example.com"))
            #expect(found["attributes"] == .object(["name": .string("Ann"), "plan": .string("pro")]))
        }
    }

    @Test func anInvalidTraitIsQuarantinedAndTheOthersApply() async throws {
        try await Harness().run { client in
            _ = try await segment(client, "/v1/page", #"{"anonymousId": "anon-x", "properties": {"url": "https://shop.example/"}}"#)
            let reply = try await segment(client, "/v1/identify", #"{"userId": "p3", "anonymousId": "anon-x", "traits": {"phone": "12", "email": "a@b.co"}}"#)
            #expect(reply.status == .ok)
            let found = try #require(try await contact(client, externalId: "p3"))
            #expect(found["email"] == .string("a@b.co"))
            #expect(found["phone"] == .null)
            #expect(found["anonymousIds"] == .array([.string("anon-x")]))
            let rejected = try await client.admin(.get, "/v1/rejected-events?reason=invalid_trait")
            #expect(rejected.items.first?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } == ["traits.phone"])
        }
    }

    @Test func aBatchThatIsNotAnArrayIsMalformed() async throws {
        try await Harness().run { client in
            let reply = try await segment(client, "/v1/batch", #"{"batch": {}}"#)
            #expect(reply.status == .badRequest)
        }
    }

    @Test func identifyingAnAnonymousVisitorMergesTheContacts() async throws {
        try await Harness().run { client in
            _ = try await segment(client, "/v1/page", #"{"anonymousId": "anon-1", "properties": {"url": "https://shop.example/"}}"#)
            try await client.defineOrderCompleted()
            _ = try await segment(client, "/v1/track", #"{"userId": "u1", "event": "cl_order_completed"}"#)
            _ = try await segment(client, "/v1/identify", #"{"userId": "u1", "anonymousId": "anon-1"}"#)
            _ = try await segment(client, "/v1/page", #"{"anonymousId": "anon-1", "properties": {"url": "https://shop.example/again"}}"#)

            let merged = try #require(try await contact(client, externalId: "u1"))
            #expect(merged["anonymousIds"] == .array([.string("anon-1")]))
            let id = try #require(merged["id"]?.stringValue)
            let timeline = try await client.admin(.get, "/v1/contacts/\(id)/events?limit=100").items
            #expect(timeline.filter { $0["event"] == .string("page_viewed") }.count == 2)
            #expect(timeline.filter { $0["event"] == .string("cl_order_completed") }.count == 1)
            #expect(try await client.admin(.get, "/v1/contacts").items.count == 1)
            #expect(try await Self.profile(client, id)["activeness"] == .integer(12))
        }
    }

    static func profile(_ client: Client, _ id: String) async throws -> Reply { try await client.admin(.get, "/v1/contacts/\(id)") }

    /// The same messages in two orders, and merged twice, end in the same contact.
    @Test func mergingInAnyOrderOrTwiceGivesTheSameResult() async throws {
        let messages = [
            #"{"type": "page", "anonymousId": "a1", "messageId": "p1", "properties": {"url": "https://shop.example/1"}}"#,
            #"{"type": "track", "userId": "u1", "event": "cl_order_completed", "messageId": "o1"}"#,
            #"{"type": "identify", "userId": "u1", "anonymousId": "a1", "traits": {"plan": "pro"}}"#,
            #"{"type": "page", "anonymousId": "a2", "messageId": "p2", "properties": {"url": "https://shop.example/2"}}"#,
            #"{"type": "alias", "previousId": "a2", "userId": "u1"}"#,
        ]
        func outcome(_ order: [Int]) async throws -> JSONValue {
            let result = Shared<JSONValue>(.null)
            try await Harness().run { client in
                try await client.defineOrderCompleted()
                for i in order { _ = try await segment(client, "/v1/batch", "{\"batch\": [\(messages[i])]}") }
                for i in order { _ = try await segment(client, "/v1/batch", "{\"batch\": [\(messages[i])]}") }
                let contacts = try await client.admin(.get, "/v1/contacts").items
                #expect(contacts.count == 1)
                let c = try #require(contacts.first)
                let id = try #require(c["id"]?.stringValue)
                let events = try await client.admin(.get, "/v1/contacts/\(id)/events?limit=100").items
                let ids = events.compactMap { $0["messageId"]?.stringValue }.sorted()
                let profile = try await Self.profile(client, id)
                result.withLock { $0 = .object([
                    "externalId": c["externalId"] ?? .null, "anonymousIds": c["anonymousIds"] ?? .null,
                    "attributes": c["attributes"] ?? .null, "messageIds": .array(ids.map(JSONValue.string)),
                    "activeness": profile["activeness"] ?? .null,
                ]) }
            }
            return result.withLock { $0 }
        }
        let forward = try await outcome([0, 1, 2, 3, 4])
        let backward = try await outcome([4, 3, 2, 1, 0])
        let shuffled = try await outcome([2, 0, 4, 1, 3])
        #expect(forward == backward)
        #expect(forward == shuffled)
        #expect(forward["anonymousIds"] == .array([.string("a1"), .string("a2")]))
        #expect(forward["messageIds"] == .array(["o1", "p1", "p2"].map(JSONValue.string)))
    }

    @Test func twoUsersOnOneDeviceStayTwoContacts() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            _ = try await segment(client, "/v1/track", #"{"anonymousId": "shared", "event": "cl_order_completed", "messageId": "d1"}"#)
            _ = try await segment(client, "/v1/identify", #"{"userId": "alice", "anonymousId": "shared"}"#)
            _ = try await segment(client, "/v1/track", #"{"userId": "bob", "event": "cl_order_completed", "messageId": "d2"}"#)
            _ = try await segment(client, "/v1/identify", #"{"userId": "bob", "anonymousId": "shared"}"#)
            _ = try await segment(client, "/v1/identify", #"{"userId": "carol", "anonymousId": "shared"}"#)
            let alice = try #require(try await contact(client, externalId: "alice"))
            let bob = try #require(try await contact(client, externalId: "bob"))
            #expect(alice["id"] != bob["id"])
            #expect(try await contact(client, externalId: "carol")?["id"] != alice["id"])
            let owners = Dictionary(uniqueKeysWithValues: try await events(client, "cl_order_completed").map {
                ($0["messageId"]?.stringValue ?? "", $0["contactId"] ?? .null)
            })
            #expect(owners == ["d1": alice["id"]!, "d2": bob["id"]!])
        }
    }

    @Test func afterAnAliasTheOldUserIdNamesTheMergedContact() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            _ = try await segment(client, "/v1/track", #"{"userId": "old", "event": "cl_order_completed", "messageId": "a1"}"#)
            _ = try await segment(client, "/v1/track", #"{"userId": "new", "event": "cl_order_completed", "messageId": "a2"}"#)
            _ = try await segment(client, "/v1/alias", #"{"previousId": "old", "userId": "new"}"#)
            _ = try await segment(client, "/v1/track", #"{"userId": "old", "event": "cl_order_completed", "messageId": "a3"}"#)
            let merged = try #require(try await contact(client, externalId: "new"))
            let owners = Set(try await events(client, "cl_order_completed").map { $0["contactId"]?.stringValue })
            #expect(owners == [merged["id"]?.stringValue])
            #expect(try await client.admin(.get, "/v1/contacts").items.count == 1)
            #expect(try await contact(client, externalId: "old")?["id"] == merged["id"])
        }
    }

    @Test func aRetriedBatchIsStoredOnce() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let batch = #"{"batch": [{"type": "track", "userId": "u1", "event": "cl_order_completed", "messageId": "r1"}, {"type": "track", "userId": "u2", "event": "cl_order_completed", "messageId": "r2"}]}"#
            for _ in 0..<3 {
                let status = try await segment(client, "/v1/batch", batch).status
                #expect(status == .ok)
            }
            #expect(try await events(client, "cl_order_completed").count == 2)
        }
    }

    @Test func gzipBodiesAreAccepted() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            var plain = ByteBuffer(string: #"{"userId": "u1", "event": "cl_order_completed", "messageId": "g1"}"#)
            let compressed = try plain.compress(with: .gzip())
            var headers = Self.basic(client.harness.a.writeKey)
            headers[.contentEncoding] = "gzip"
            let reply = try await client.sendBytes(.post, "/v1/track", key: nil, bytes: Array(buffer: compressed), headers: headers)
            #expect(reply.status == .ok)
            #expect(try await events(client, "cl_order_completed").count == 1)
            var spaces = ByteBuffer(repeating: UInt8(ascii: " "), count: 600 * 1024)
            let bomb = try spaces.compress(with: .gzip())
            let tooLarge = try await client.sendBytes(.post, "/v1/batch", key: nil, bytes: Array(buffer: bomb), headers: headers)
            #expect(tooLarge.status == .contentTooLarge)
        }
    }

    @Test func theClockSkewOfTheDeviceIsCorrected() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            // The device's clock is an hour fast; it made the event 10 s before sending it.
            let deviceNow = Harness.start + 3_600_000
            let body = #"{"batch": [{"type": "track", "userId": "u1", "event": "cl_order_completed", "timestamp": "\#(Timestamp.iso8601(deviceNow - 10_000))"}], "sentAt": "\#(Timestamp.iso8601(deviceNow))"}"#
            _ = try await segment(client, "/v1/batch", body)
            #expect(try await events(client, "cl_order_completed").first?["time"] == .string(Timestamp.iso8601(Harness.start - 10_000)))
        }
    }

    @Test func oversizeMessagesAreTooLarge() async throws {
        try await Harness().run { client in
            let big = String(repeating: "x", count: 33 * 1024)
            let status4 = try await segment(client, "/v1/track", #"{"userId": "u1", "event": "\#(big)"}"#).status
            #expect(status4 == .contentTooLarge)
            let huge = String(repeating: "x", count: 501 * 1024)
            let status5 = try await segment(client, "/v1/batch", #"{"batch": [], "pad": "\#(huge)"}"#).status
            #expect(status5 == .contentTooLarge)
        }
    }

    @Test func aMessageOver32KBInABatchIsQuarantinedAlone() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            // 20 KB of escaped quotes as sent, 40 KB as written: the size counts the written form.
            let quotes = String(repeating: #"\""#, count: 20 * 1024)
            let body = #"""
                {"batch": [{"type": "track", "userId": "u1", "event": "cl_order_completed", "messageId": "big", "properties": {"note": "\#(quotes)"}},
                           {"type": "track", "userId": "u2", "event": "cl_order_completed", "messageId": "small"}]}
                """#
            #expect(try await segment(client, "/v1/batch", body).status == .ok)
            #expect(try await events(client, "cl_order_completed").count == 1)
            let rejected = try await client.admin(.get, "/v1/rejected-events?reason=too_large").items
            #expect(rejected.compactMap { $0["messageId"]?.stringValue } == ["big"])
        }
    }

    @Test func preflightsAreAnsweredAndOriginsCanBeLimited() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let preflight = try await client.send(.options, "/v1/batch", key: nil, headers: [.origin: "https://shop.example"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "https://shop.example")
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)

            let body = #"{"userId": "u1", "event": "cl_order_completed"}"#
            let open = try await segment(client, "/v1/track", body, headers: [.origin: "https://elsewhere.example"])
            #expect(open.status == .ok)
            #expect(open.headers[.accessControlAllowOrigin] == "https://elsewhere.example")

            #expect(try await client.admin(.put, "/v1/settings/allowed-origins", #"{"origins": ["https://shop.example"]}"#).status == .ok)
            let status6 = try await segment(client, "/v1/track", body, headers: [.origin: "https://shop.example"]).status
            #expect(status6 == .ok)
            let refused = try await segment(client, "/v1/track", body, headers: [.origin: "https://elsewhere.example"])
            #expect(refused.status == .forbidden)
            #expect(try await events(client, "cl_order_completed").count == 2)
            let bad = try await client.admin(.put, "/v1/settings/allowed-origins", #"{"origins": ["shop.example/path"]}"#)
            #expect(bad.errorFields == ["origins[0]"])
        }
    }

    @Test func theTrackerScriptIsServed() async throws {
        try await Harness().run { client in
            let reply = try await client.send(.get, "/tern.js", key: nil)
            #expect(reply.status == .ok)
            #expect(reply.contentType?.hasPrefix("application/javascript") == true)
            #expect(reply.text.contains("/v1/batch"))
        }
    }

    @Test func theQuarantineNeedsAnAdminKey() async throws {
        try await Harness().run { client in
            let list = try await client.write(.get, "/v1/rejected-events")
            let replay = try await client.write(.post, "/v1/rejected-events/replay")
            #expect(list.status == .forbidden)
            #expect(replay.status == .forbidden)
        }
    }
}
