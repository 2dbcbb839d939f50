import Foundation
import HTTPTypes
import TernCore
import TernServer
import TernStore
import Testing

/// Materials: what events happen on, whose content tags count on the contacts who act on them.
@Suite struct MaterialRoutesTests {
    static func putSpringSale(_ client: Client, tags: String = #"["sale", "shoes"]"#) async throws -> Reply {
        try await client.admin(.put, "/v1/materials/spring-sale", #"{"name": "Spring sale email", "contentTags": \#(tags)}"#)
    }

    @Test func aMaterialIsCreatedReplacedListedAndDeleted() async throws {
        try await Harness().run { client in
            let created = try await Self.putSpringSale(client)
            #expect(created.status == .created)
            #expect(created["id"] == .string("spring-sale"))
            #expect(created["contentTags"] == .array([.string("sale"), .string("shoes")]))
            client.harness.clock.advance(millis: 1000)
            let replaced = try await client.admin(.put, "/v1/materials/spring-sale", #"{"name": "  Spring sale  "}"#)
            #expect(replaced.status == .ok)
            #expect(replaced["name"] == .string("Spring sale"))
            #expect(replaced["contentTags"] == .array([]))
            #expect(replaced["createdAt"] == created["createdAt"])
            #expect(replaced["updatedAt"] != created["updatedAt"])
            #expect(try await client.admin(.get, "/v1/materials/spring-sale").json == replaced.json)

            _ = try await client.admin(.put, "/v1/materials/a.b~c_d-1", #"{"name": "Other"}"#)
            let first = try await client.admin(.get, "/v1/materials?limit=1")
            #expect(first.items.map { $0["id"] } == [.string("a.b~c_d-1")])
            #expect(first["hasMore"] == .bool(true))
            let cursor = try #require(first["nextCursor"]?.stringValue)
            let second = try await client.admin(.get, "/v1/materials?limit=1&cursor=\(cursor)")
            #expect(second.items.map { $0["id"] } == [.string("spring-sale")])
            #expect(second["hasMore"] == .bool(false))

            #expect(try await client.admin(.delete, "/v1/materials/spring-sale").status == .noContent)
            #expect(try await client.admin(.get, "/v1/materials/spring-sale").status == .notFound)
            #expect(try await client.admin(.delete, "/v1/materials/spring-sale").status == .notFound)
        }
    }

    @Test func badIdsAndBodiesAreRefusedNamingTheField() async throws {
        try await Harness().run { client in
            let badId = try await client.admin(.put, "/v1/materials/.hidden", #"{"name": "X"}"#)
            #expect(badId.status == .unprocessableContent)
            #expect(badId.errorFields == ["id"])
            let long = String(repeating: "a", count: 129)
            #expect(try await client.admin(.put, "/v1/materials/\(long)", #"{"name": "X"}"#).errorFields == ["id"])
            #expect(try await client.admin(.get, "/v1/materials/\(long)").status == .notFound)
            let body = try await client.admin(.put, "/v1/materials/ok", #"{"name": " ", "contentTags": ["", 5], "color": "red"}"#)
            #expect(body.status == .unprocessableContent)
            #expect(Set(body.errorFields) == ["name", "contentTags[0]", "contentTags[1]", "color"])
            let tooMany = try await client.admin(.put, "/v1/materials/ok", #"{"name": "X", "contentTags": [\#((1...21).map { "\"t\($0)\"" }.joined(separator: ","))]}"#)
            #expect(tooMany.errorFields == ["contentTags"])
            #expect(try await client.admin(.get, "/v1/materials?cursor=%2Fx").errorFields == ["cursor"])
            #expect(try await client.admin(.get, "/v1/materials").items.isEmpty)
        }
    }

    @Test func materialTagsCountOnTheProfileAndInTagListingsAsTheyWereWhenRecorded() async throws {
        try await Harness().run { client in
            try await EngagementTests.define(client, "cl_opened", score: 1)
            _ = try await Self.putSpringSale(client)
            let sent = try await client.write(.post, "/v1/events", #"{"event": "cl_opened", "externalId": "u1", "materialId": "spring-sale", "contentTags": ["shoes", "red"]}"#)
            #expect(sent.status == .created)
            _ = try await Self.putSpringSale(client, tags: #"["hats"]"#)
            let batch = try await client.write(.post, "/v1/events/batch", #"{"events": [{"event": "cl_opened", "externalId": "u1", "materialId": "spring-sale"}]}"#)
            #expect(batch["accepted"] == .integer(1))

            let profile = try await EngagementTests.profile(client)
            let top = profile["topTags"]?.arrayValue ?? []
            #expect(Dictionary(uniqueKeysWithValues: top.map { ($0["tag"]?.stringValue ?? "", $0["count"]) })
                == ["shoes": .integer(1), "red": .integer(1), "sale": .integer(1), "hats": .integer(1)])
            for tag in ["sale", "hats", "red"] {
                let listed = try await client.admin(.get, "/v1/contacts?tag=\(tag)")
                #expect(listed.items.compactMap { $0["externalId"]?.stringValue } == ["u1"], "\(tag)")
            }
            let id = try #require(profile["id"]?.stringValue)
            let timeline = try await client.admin(.get, "/v1/contacts/\(id)/events?event=cl_opened").items
            #expect(timeline.map { $0["contentTags"] } == [.array([.string("hats")]), .array([.string("shoes"), .string("red"), .string("sale")])])
            #expect(timeline.map { $0["materialId"] } == [.string("spring-sale"), .string("spring-sale")])
        }
    }

    @Test func anEventOnAnUnknownMaterialIsRefusedNamingMaterialId() async throws {
        try await Harness().run { client in
            try await EngagementTests.define(client, "cl_opened", score: 1)
            let one = try await client.write(.post, "/v1/events", #"{"event": "cl_opened", "externalId": "u1", "materialId": "nope"}"#)
            #expect(one.status == .unprocessableContent)
            #expect(one.errorFields == ["materialId"])
            let malformed = try await client.write(.post, "/v1/events", #"{"event": "cl_opened", "externalId": "u1", "materialId": "a/b"}"#)
            #expect(malformed.errorFields == ["materialId"])
            let batch = try await client.write(.post, "/v1/events/batch", #"{"events": [{"event": "cl_opened", "externalId": "u2"}, {"event": "cl_opened", "externalId": "u1", "materialId": "nope"}]}"#)
            #expect(batch["accepted"] == .integer(1))
            let errors = batch["rejected"]?.arrayValue?.first?["errors"]?.arrayValue
            #expect(errors?.compactMap { $0["field"]?.stringValue } == ["events[1].materialId"])
            // Nothing was stored for u1: no contact was created by the refused events.
            #expect(try await client.admin(.get, "/v1/contacts?externalId=u1").items.isEmpty)
            let contact = try await client.admin(.post, "/v1/contacts", #"{"externalId": "u3"}"#)
            let id = try #require(contact["id"]?.stringValue)
            let manual = try await client.admin(.post, "/v1/contacts/\(id)/events", #"{"event": "cl_opened", "materialId": "nope"}"#)
            #expect(manual.errorFields == ["materialId"])
        }
    }

    @Test func segmentMessagesNameTheirMaterialInPropertiesAndAreQuarantinedUntilItExists() async throws {
        try await Harness().run { client in
            try await EngagementTests.define(client, "cl_opened", score: 1)
            let basic = SegmentTests.basic(client.harness.a.writeKey)
            let body = #"{"batch": [{"type": "track", "userId": "u1", "event": "cl_opened", "messageId": "s1", "properties": {"materialId": "spring-sale"}}]}"#
            #expect(try await client.send(.post, "/v1/batch", key: nil, body: body, headers: basic).status == .ok)
            let rejected = try await client.admin(.get, "/v1/rejected-events?reason=unknown_material")
            #expect(rejected.items.first?["errors"]?.arrayValue?.first?["field"] == .string("properties.materialId"))

            _ = try await Self.putSpringSale(client)
            #expect(try await client.admin(.post, "/v1/rejected-events/replay")["replayed"] == .integer(1))
            let page = #"{"userId": "u1", "name": "Sale", "properties": {"url": "https://shop.example/sale", "materialId": "spring-sale"}}"#
            #expect(try await client.send(.post, "/v1/page", key: nil, body: page, headers: basic).status == .ok)
            let events = try await client.admin(.get, "/v1/events").items.filter { $0["materialId"] == .string("spring-sale") }
            #expect(events.map { $0["event"] } == [.string("cl_opened"), .string("page_viewed")])
            #expect(events.allSatisfy { $0["contentTags"] == .array([.string("sale"), .string("shoes")]) })
            #expect(events.allSatisfy { $0["properties"]?["materialId"] == nil })
        }
    }
}
