import Foundation
import HTTPTypes
import TernServer
import TernStore
import Testing
import TernCore

/// A key of one workspace can never read or change another's data.
@Suite struct IsolationTests {
    @Test func requestsWithoutAValidKeyAreUnauthorized() async throws {
        try await Harness().run { client in
            #expect(try await client.send(.get, "/v1/event-definitions", key: nil).status == .unauthorized)
            #expect(try await client.send(.get, "/v1/event-definitions", key: "tern_admin_0000").status == .unauthorized)
            let basic = try await client.send(.get, "/v1/contacts", key: nil, headers: [.authorization: "Basic !!!notbase64"])
            #expect(basic.status == .unauthorized)
            #expect(basic.contentType == "application/problem+json")
        }
    }

    @Test func aWriteKeyCanOnlySendEvents() async throws {
        let harness = try await Harness()
        try await harness.run { client in
            try await client.defineOrderCompleted()
            let contact = try await client.admin(.post, "/v1/contacts", #"{"externalId": "u1"}"#)
            let id = try #require(contact["id"]?.stringValue)
            for route in harness.routes where !route.isIngestion && !route.isPublic {
                let path = route.path.replacingOccurrences(of: ":id", with: route.path.contains("contacts") ? id : "cl_order_completed")
                let reply = try await client.send(HTTPRequest.Method(route.method)!, path, key: harness.a.writeKey, body: "{}")
                #expect(reply.status == .forbidden, "\(route.method) \(path)")
            }
            let sent = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "u1"}"#)
            #expect(sent.status == .created)
        }
    }

    @Test func aWriteKeyWorksAsHTTPBasicUserName() async throws {
        let harness = try await Harness()
        try await harness.run { client in
            try await client.defineOrderCompleted()
            let credentials = Array("\(harness.a.writeKey):".utf8)
            let basic = "Basic " + Data(credentials).base64EncodedString()
            let reply = try await client.send(.post, "/v1/events", key: nil, body: #"{"event": "cl_order_completed", "externalId": "u1"}"#,
                                              headers: [.authorization: basic])
            #expect(reply.status == .created)
        }
    }

    @Test func oneWorkspaceCannotSeeOrChangeAnothersRows() async throws {
        let harness = try await Harness()
        try await harness.run { client in
            let bAdmin = harness.b.adminKey
            // Workspace B's data.
            try await client.defineOrderCompleted(key: bAdmin)
            _ = try await client.send(.post, "/v1/event-definitions", key: bAdmin, body: #"{"id": "cl_b_only", "name": "B only", "direction": "inbound"}"#)
            let bContact = try await client.send(.post, "/v1/contacts", key: bAdmin, body: #"{"phone": "+447700900999", "attributes": {"secret": "b"}}"#)
            let bID = try #require(bContact["id"]?.stringValue)
            let bEvent = try await client.send(.post, "/v1/events", key: harness.b.writeKey, body: #"{"event": "cl_order_completed", "contactId": "\#(bID)"}"#)
            #expect(bEvent.status == .created)
            let bSegment = try await client.send(.post, "/v1/segments", key: bAdmin, body: #"{"name": "B buyers", "filter": {"did": {"event": "cl_order_completed"}}}"#)
            let bSegmentID = try #require(bSegment["id"]?.stringValue)
            let bMaterial = try await client.send(.put, "/v1/materials/promo", key: bAdmin, body: #"{"name": "B promo", "contentTags": ["b-secret"]}"#)
            #expect(bMaterial.status == .created)

            // Workspace A's keys.
            #expect(try await client.admin(.get, "/v1/contacts/\(bID)").status == .notFound)
            #expect(try await client.admin(.get, "/v1/contacts/\(bID)/events").status == .notFound)
            #expect(try await client.admin(.patch, "/v1/contacts/\(bID)", #"{"attributes": {"secret": "a"}}"#).status == .notFound)
            #expect(try await client.admin(.delete, "/v1/contacts/\(bID)").status == .notFound)
            #expect(try await client.admin(.get, "/v1/event-definitions/cl_b_only").status == .notFound)
            #expect(try await client.admin(.patch, "/v1/event-definitions/cl_b_only", #"{"score": 5}"#).status == .notFound)
            #expect(try await client.admin(.delete, "/v1/event-definitions/cl_b_only").status == .notFound)
            for path in ["", "/contacts", "/count"] {
                #expect(try await client.admin(.get, "/v1/segments/\(bSegmentID)\(path)").status == .notFound, "\(path)")
            }
            #expect(try await client.admin(.patch, "/v1/segments/\(bSegmentID)", #"{"name": "Mine"}"#).status == .notFound)
            #expect(try await client.admin(.delete, "/v1/segments/\(bSegmentID)").status == .notFound)
            #expect(try await client.admin(.get, "/v1/segments").items.isEmpty)
            #expect(try await client.admin(.post, "/v1/segments", #"{"name": "B buyers", "filter": {"tag": "x"}}"#).status == .created)
            #expect(try await client.admin(.get, "/v1/contacts?phone=%2B447700900999").items.isEmpty)
            #expect(try await client.admin(.get, "/v1/contacts").items.isEmpty)
            #expect(try await client.admin(.get, "/v1/events").items.isEmpty)
            #expect(try await client.admin(.get, "/v1/events?contactId=\(bID)").items.isEmpty)
            #expect(try await client.admin(.get, "/v1/materials/promo").status == .notFound)
            #expect(try await client.admin(.delete, "/v1/materials/promo").status == .notFound)
            #expect(try await client.admin(.get, "/v1/materials").items.isEmpty)
            #expect(try await client.admin(.get, "/v1/contacts?tag=b-secret").items.isEmpty)
            // A's events cannot name B's material; A's own material of the same id is another one.
            let onBMaterial = try await client.write(.post, "/v1/events", #"{"event": "page_viewed", "externalId": "x", "materialId": "promo"}"#)
            #expect(onBMaterial.errorFields == ["materialId"])
            #expect(try await client.admin(.put, "/v1/materials/promo", #"{"name": "A promo"}"#).status == .created)
            let aDefinitions = try await client.admin(.get, "/v1/event-definitions").items
            #expect(!aDefinitions.contains { $0["id"] == .string("cl_b_only") })
            // A's write key cannot record on B's contact or B's custom event.
            let onB = try await client.write(.post, "/v1/events", #"{"event": "page_viewed", "contactId": "\#(bID)"}"#)
            #expect(onB.status == .unprocessableContent)
            let bOnly = try await client.write(.post, "/v1/events", #"{"event": "cl_b_only", "externalId": "x"}"#)
            #expect(bOnly.errorFields == ["event"])
            // The same phone in A is a different contact.
            let aContact = try await client.admin(.post, "/v1/contacts", #"{"phone": "+447700900999"}"#)
            #expect(aContact.status == .created)
            #expect(aContact["id"] != bContact["id"])

            // B's data is unchanged.
            let after = try await client.send(.get, "/v1/contacts/\(bID)", key: bAdmin)
            #expect(after["attributes"]?["secret"] == .string("b"))
            let bEvents = try await client.send(.get, "/v1/events?event=cl_order_completed", key: bAdmin)
            #expect(bEvents.items.count == 1)
            #expect(try await client.send(.get, "/v1/event-definitions/cl_b_only", key: bAdmin).status == .ok)
            #expect(try await client.send(.get, "/v1/segments/\(bSegmentID)", key: bAdmin).json == bSegment.json)
            #expect(try await client.send(.get, "/v1/segments", key: bAdmin).items.map { $0["id"] } == [.string(bSegmentID)])
            #expect(try await client.send(.get, "/v1/segments/\(bSegmentID)/count", key: bAdmin)["total"] == .integer(1))
            #expect(try await client.send(.get, "/v1/materials/promo", key: bAdmin).json == bMaterial.json)
        }
    }
}
