import Foundation
import HTTPTypes
import TernServer
import TernStore
import Testing
import TernCore

/// Bad input never hurts: every write route answers malformed, truncated, oversize, wrongly typed
/// and hostile bodies with a 4xx problem, and nothing already stored changes.
@Suite struct HostileInputTests {
    static let bodies: [(String, [UInt8])] = {
        var bodies: [(String, [UInt8])] = [
            ("empty", []),
            ("malformed", Array("{event: x}".utf8)),
            ("truncated", Array(#"{"event": "cl_order_completed", "externalId": "u"#.utf8)),
            ("array", Array("[1, 2, 3]".utf8)),
            ("number", Array("42".utf8)),
            ("string", Array(#""hello""#.utf8)),
            ("null", Array("null".utf8)),
            ("trailing data", Array(#"{"a": 1} {"b": 2}"#.utf8)),
            ("duplicate keys", Array(#"{"event": "a", "event": "b"}"#.utf8)),
            ("deep nesting", Array((String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)).utf8)),
            ("deep object", Array((String(repeating: #"{"a":"#, count: 3000) + "1" + String(repeating: "}", count: 3000)).utf8)),
            ("invalid UTF-8", [0x7B, 0x22, 0x65, 0x76, 0x65, 0x6E, 0x74, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0x22, 0x7D]),
            ("lone surrogate", Array(#"{"event": "\ud800"}"#.utf8)),
            ("control character", Array("{\"event\": \"a\u{01}b\"}".utf8)),
            ("NUL bytes", [0x7B, 0x00, 0x7D]),
            ("huge number", Array(#"{"score": 1e999999, "event": 123456789012345678901234567890}"#.utf8)),
            ("wrong types", Array(#"{"event": 5, "id": [], "name": {}, "direction": true, "score": "x", "properties": "y", "phone": 7, "attributes": [1], "events": {"a": 1}}"#.utf8)),
            ("unknown fields", Array(#"{"zzz": 1, "__proto__": {"x": 1}, "constructor": null}"#.utf8)),
            ("very long strings", Array("{\"event\": \"\(String(repeating: "é", count: 100_000))\", \"id\": \"\(String(repeating: "x", count: 100_000))\"}".utf8)),
            ("oversize", Array("{\"events\": [\"\(String(repeating: "a", count: 700 * 1024))\"]}".utf8)),
        ]
        bodies.append(("SQL and markup", Array(#"{"id": "cl_x'; DROP TABLE events; --", "name": "<script>alert(1)</script>", "direction": "inbound", "externalId": "' OR 1=1 --", "event": "cl_order_completed"}"#.utf8)))
        return bodies
    }()

    @Test func writeRoutesAnswerBadBodiesWithProblemsAndChangeNothing() async throws {
        let harness = try await Harness()
        try await harness.run { client in
            try await client.defineOrderCompleted()
            let contact = try await client.admin(.post, "/v1/contacts", #"{"externalId": "u1", "attributes": {"kept": true}}"#)
            let contactID = try #require(contact["id"]?.stringValue)
            _ = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "contactId": "\#(contactID)", "properties": {"cl_price": 1}}"#)
            let segment = try await client.admin(.post, "/v1/segments", #"{"name": "Buyers", "filter": {"did": {"event": "cl_order_completed"}}}"#)
            let segmentID = try #require(segment["id"]?.stringValue)
            // Other routes' ids stand in for a material's: `cl_order_completed` is a valid material id too.
            _ = try await client.admin(.put, "/v1/materials/cl_order_completed", #"{"name": "Kept", "contentTags": ["kept"]}"#)
            let before = try await snapshot(client, contactID, segmentID)

            let writeRoutes = harness.routes.filter { ["POST", "PATCH", "PUT"].contains($0.method) }
            #expect(writeRoutes.count >= 5)
            for route in writeRoutes {
                let id = route.path.hasPrefix("/v1/segments") ? segmentID : route.path.contains("contacts") ? contactID : "cl_order_completed"
                let path = route.path.replacingOccurrences(of: ":id", with: id)
                for (name, bytes) in Self.bodies {
                    let reply = try await client.sendBytes(HTTPRequest.Method(route.method)!, path, key: harness.a.adminKey, bytes: bytes)
                    let label = "\(route.method) \(path) with \(name): \(reply.status.code) \(reply.text.prefix(200))"
                    // Segment's routes keep a well-formed message that breaks the rules in the quarantine and answer 200.
                    if route.isSegment, reply.status == .ok, (try? JSONParser.parse(bytes))?.objectValue != nil { continue }
                    // A replay's body is optional.
                    if route.path == "/v1/rejected-events/replay", bytes.isEmpty, reply.status == .ok { continue }
                    #expect((400..<500).contains(reply.status.code), "\(label)")
                    #expect(reply.contentType == "application/problem+json", "\(label)")
                    #expect(reply.json?["status"] == .integer(reply.status.code), "\(label)")
                }
            }
            let after = try await snapshot(client, contactID, segmentID)
            #expect(after == before)
        }
    }

    /// PostgreSQL text cannot hold U+0000, so every store refuses it in names, ids and identifiers
    /// with the same 422 naming the field; values kept as JSON (properties) may hold it everywhere.
    @Test func theNULCharacterIsRefusedAlikeOnEveryStore() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let cases: [(HTTPRequest.Method, String, String, String)] = [
                (.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "a\u0000b"}"#, "externalId"),
                (.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "u1", "messageId": "m\u0000"}"#, "messageId"),
                (.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "u1", "contentTags": ["ok", "a\u0000"]}"#, "contentTags[1]"),
                (.post, "/v1/contacts", #"{"externalId": "x\u0000"}"#, "externalId"),
                (.post, "/v1/event-definitions", #"{"id": "cl_nul", "name": "N\u0000", "direction": "inbound"}"#, "name"),
                (.post, "/v1/segments", #"{"name": "S\u0000", "filter": {"tag": "a"}}"#, "name"),
                (.put, "/v1/settings/stages", #"{"stages": ["lead", "cust\u0000omer"]}"#, "stages[1]"),
            ]
            for (method, path, body, field) in cases {
                let reply = method == .post && path == "/v1/events" ? try await client.write(method, path, body) : try await client.admin(method, path, body)
                #expect(reply.status == .unprocessableContent, "\(path) \(field): \(reply.text)")
                let fields = reply.json?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
                #expect(fields == [field], "\(path): \(reply.text)")
            }
            #expect(try await client.admin(.get, "/v1/contacts").items.isEmpty)
            #expect(try await client.admin(.get, "/v1/segments").items.isEmpty)

            // Segment's identify refuses it too: quarantined, no contact.
            let basic = "Basic " + Data("\(client.harness.a.writeKey):".utf8).base64EncodedString()
            let identify = try await client.send(.post, "/v1/identify", key: nil, body: #"{"userId": "u\u0000", "traits": {"plan": "pro"}}"#,
                                                 headers: [.authorization: basic])
            #expect(identify.status == .ok)
            #expect(try await client.admin(.get, "/v1/rejected-events?reason=invalid_message").items.count == 1)
            #expect(try await client.admin(.get, "/v1/contacts").items.isEmpty)

            // A string property is stored as JSON text, escape and all, on every store.
            let recorded = try await client.write(.post, "/v1/events",
                                                  #"{"event": "cl_order_completed", "externalId": "u1", "properties": {"cl_sku": "a\u0000b"}}"#)
            #expect(recorded.status == .created)
            let events = try await client.admin(.get, "/v1/events?event=cl_order_completed").items
            #expect(events.first?["properties"]?["cl_sku"] == .string("a\u{0}b"))
        }
    }

    @Test func malformedJSONSaysWhereItBroke() async throws {
        try await Harness().run { client in
            let reply = try await client.write(.post, "/v1/events", "{\n  \"event\": tru\n}")
            #expect(reply.status == .badRequest)
            #expect(reply["detail"]?.stringValue?.contains("line 2") == true)
        }
    }

    @Test func unknownRoutesAreProblemsToo() async throws {
        try await Harness().run { client in
            let reply = try await client.admin(.get, "/v1/nothing-here")
            #expect(reply.status == .notFound)
            #expect(reply.contentType == "application/problem+json")
        }
    }

    @Test func hostileQueryParametersAreRejectedOrHarmless() async throws {
        try await Harness().run { client in
            for query in ["limit=0", "limit=99999", "limit=abc", "cursor=zz", "from=%00", "contactId=ct_x", "to=9999999999999999999999"] {
                let reply = try await client.admin(.get, "/v1/events?\(query)")
                #expect(reply.status == .unprocessableContent, "\(query)")
            }
            let injection = try await client.admin(.get, "/v1/events?event=%27%20OR%201%3D1%20--")
            #expect(injection.status == .ok)
            #expect(injection.items.isEmpty)
            let segment = try await client.admin(.post, "/v1/segments", #"{"name": "Tagged", "filter": {"tag": "a"}}"#)
            let segmentID = try #require(segment["id"]?.stringValue)
            for path in ["/v1/segments", "/v1/segments/\(segmentID)/contacts"] {
                for query in ["limit=0", "limit=99999", "limit=abc", "cursor=zz", "cursor=%00", "cursor=ct_99999999999999999999"] {
                    let reply = try await client.admin(.get, "\(path)?\(query)")
                    #expect(reply.status == .unprocessableContent, "\(path)?\(query)")
                    #expect(reply.contentType == "application/problem+json")
                }
            }
            for id in ["sg_%27%20OR%201%3D1", "sg_-1", "sg_99999999999999999999", "%00"] {
                #expect(try await client.admin(.get, "/v1/segments/\(id)/count").status == .notFound, "\(id)")
            }
            for query in ["limit=0", "limit=abc", "cursor=%00", "cursor=%27%20OR%201%3D1%20--", "cursor=\(String(repeating: "a", count: 200))"] {
                let reply = try await client.admin(.get, "/v1/materials?\(query)")
                #expect(reply.status == .unprocessableContent, "\(query)")
            }
            for id in ["%00", "..", "%27%20OR%201%3D1", String(repeating: "a", count: 5000)] {
                #expect(try await client.admin(.get, "/v1/materials/\(id)").status == .notFound, "\(id.prefix(20))")
                #expect(try await client.admin(.delete, "/v1/materials/\(id)").status == .notFound, "\(id.prefix(20))")
            }
        }
    }

    /// Everything a client can read about workspace A.
    private func snapshot(_ client: Client, _ contactID: String, _ segmentID: String) async throws -> [String] {
        [
            try await client.admin(.get, "/v1/segments").text,
            try await client.admin(.get, "/v1/segments/\(segmentID)/contacts").text,
            try await client.admin(.get, "/v1/event-definitions").text,
            try await client.admin(.get, "/v1/contacts").text,
            try await client.admin(.get, "/v1/contacts/\(contactID)").text,
            try await client.admin(.get, "/v1/events").text,
            try await client.admin(.get, "/v1/materials").text,
        ]
    }
}
