import HTTPTypes
import TernServer
import TernStore
import Testing
import TernCore

@Suite struct ContactRoutesTests {
    @Test func upsertCreatesAContactWithANormalisedPhoneAndRecordsContactCreated() async throws {
        try await Harness().run { client in
            let created = try await client.admin(.post, "/v1/contacts", #"{"phone": "+44 (7700) 900-123", "attributes": {"plan": "pro"}}"#)
            #expect(created.status == .created)
            #expect(created["phone"] == .string("+447700900123"))
            #expect(created["attributes"]?["plan"] == .string("pro"))
            let id = try #require(created["id"]?.stringValue)
            let timeline = try await client.admin(.get, "/v1/contacts/\(id)/events")
            #expect(timeline.items.compactMap { $0["event"]?.stringValue } == ["contact_created"])
            #expect(timeline.items.first?["source"] == .string("system"))
        }
    }

    @Test func upsertWithAKnownIdentifierUpdatesTheSameContact() async throws {
        try await Harness().run { client in
            let first = try await client.admin(.post, "/v1/contacts", #"{"phone": "+447700900123"}"#)
            let second = try await client.admin(.post, "/v1/contacts", #"{"phone": "+447700900123", "email": "Ann@Example.com"}"#)
            #expect(second.status == .ok)
            #expect(second["id"] == first["id"])
            #expect(second["email"] == .string("ann@example.com"))
            let found = try await client.admin(.get, "/v1/contacts?email=ann@example.com")
            #expect(found.items.map { $0["id"] } == [first["id"]])
        }
    }

    @Test func identifiersOfTwoContactsInOneUpsertAreAConflict() async throws {
        try await Harness().run { client in
            _ = try await client.admin(.post, "/v1/contacts", #"{"phone": "+447700900123"}"#)
            _ = try await client.admin(.post, "/v1/contacts", #"{"email": "b@example.com"}"#)
            let reply = try await client.admin(.post, "/v1/contacts", #"{"phone": "+447700900123", "email": "b@example.com"}"#)
            #expect(reply.status == .conflict)
            #expect(reply.errorFields == ["email"])
        }
    }

    @Test func upsertWithAnUnknownContactIdIsRejected() async throws {
        try await Harness().run { client in
            let reply = try await client.admin(.post, "/v1/contacts", #"{"contactId": "ct_77", "email": "c@example.com"}"#)
            #expect(reply.status == .unprocessableContent)
            #expect(reply.errorFields == ["contactId"])
            #expect(try await client.admin(.get, "/v1/contacts").items.isEmpty)
        }
    }

    @Test func aContactKeepsAtLeastOneIdentifier() async throws {
        try await Harness().run { client in
            let created = try await client.admin(.post, "/v1/contacts", #"{"email": "a@example.com"}"#)
            let id = try #require(created["id"]?.stringValue)
            let reply = try await client.admin(.patch, "/v1/contacts/\(id)", #"{"email": null}"#)
            #expect(reply.status == .unprocessableContent)
            let after = try await client.admin(.get, "/v1/contacts/\(id)")
            #expect(after["email"] == .string("a@example.com"))
        }
    }

    @Test func attributeLimitsHoldAcrossPatches() async throws {
        try await Harness().run { client in
            let created = try await client.admin(.post, "/v1/contacts", #"{"email": "a@example.com"}"#)
            let id = try #require(created["id"]?.stringValue)
            for round in 0..<2 {
                let attributes = (0..<60).map { "\"k\(round)_\($0)\": 1" }.joined(separator: ",")
                let reply = try await client.admin(.patch, "/v1/contacts/\(id)", "{\"attributes\": {\(attributes)}}")
                #expect(reply.status == (round == 0 ? .ok : .unprocessableContent))
            }
            let after = try await client.admin(.get, "/v1/contacts/\(id)")
            #expect(after["attributes"]?.objectValue?.count == 60)
        }
    }

    /// One request's attributes over 16 KB as stored (escapes counted as written) are refused by
    /// name, and nothing is created.
    @Test func attributesOver16KBInOneRequestAreRefused() async throws {
        try await Harness().run { client in
            let value = String(repeating: #"\""#, count: 850)  // 850 quotes: 1,700 bytes written
            let attributes = (0..<10).map { #""k\#($0)": "\#(value)""# }.joined(separator: ",")
            let reply = try await client.admin(.post, "/v1/contacts", "{\"email\": \"a@example.com\", \"attributes\": {\(attributes)}}")
            #expect(reply.status == .unprocessableContent)
            #expect(reply["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } == ["attributes"])
            #expect(try await client.admin(.get, "/v1/contacts").items.isEmpty)
        }
    }

    @Test func phonesThatAreNotE164AreRejected() async throws {
        try await Harness().run { client in
            for bad in ["07700 900123", "+44 7700.900123", "+1234567", "+1234567890123456", "+44abc7009001"] {
                let reply = try await client.admin(.post, "/v1/contacts", #"{"phone": "\#(bad)"}"#)
                #expect(reply.status == .unprocessableContent, "\(bad)")
                #expect(reply.errorFields == ["phone"], "\(bad)")
            }
        }
    }

    @Test func aContactNeedsAnIdentifier() async throws {
        try await Harness().run { client in
            let reply = try await client.admin(.post, "/v1/contacts", #"{"attributes": {"a": 1}}"#)
            #expect(reply.status == .unprocessableContent)
            #expect(reply.errorFields == ["contactId"])
        }
    }

    @Test func patchMergesAttributesAndNullRemovesOne() async throws {
        try await Harness().run { client in
            let created = try await client.admin(.post, "/v1/contacts", #"{"externalId": "u1", "attributes": {"a": 1, "b": "x"}}"#)
            let id = try #require(created["id"]?.stringValue)
            let patched = try await client.admin(.patch, "/v1/contacts/\(id)", #"{"attributes": {"b": null, "c": [1, 2]}}"#)
            #expect(patched.status == .ok)
            #expect(patched["attributes"] == .object(["a": .number("1"), "c": .array([.number("1"), .number("2")])]))
            let timeline = try await client.admin(.get, "/v1/contacts/\(id)/events")
            #expect(timeline.items.first?["event"] == .string("contact_updated"))
        }
    }

    @Test func patchCannotTakeAnotherContactsIdentifier() async throws {
        try await Harness().run { client in
            _ = try await client.admin(.post, "/v1/contacts", #"{"email": "a@example.com"}"#)
            let other = try await client.admin(.post, "/v1/contacts", #"{"email": "b@example.com"}"#)
            let reply = try await client.admin(.patch, "/v1/contacts/\(other["id"]!.stringValue!)", #"{"email": "a@example.com"}"#)
            #expect(reply.status == .conflict)
            #expect(reply.errorFields == ["email"])
        }
    }

    @Test func deletingAContactDeletesItsEvents() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let recorded = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "u1"}"#)
            let id = try #require(recorded["contactId"]?.stringValue)
            #expect(try await client.admin(.delete, "/v1/contacts/\(id)").status == .noContent)
            #expect(try await client.admin(.get, "/v1/contacts/\(id)").status == .notFound)
            #expect(try await client.admin(.get, "/v1/events?contactId=\(id)").items.isEmpty)
            #expect(try await client.admin(.get, "/v1/contacts?externalId=u1").items.isEmpty)
        }
    }

    @Test func unknownAndMalformedContactIdsAreNotFound() async throws {
        try await Harness().run { client in
            for id in ["ct_999", "999", "ct_abc", "ct_-1"] {
                let status = try await client.admin(.get, "/v1/contacts/\(id)").status
                #expect(status == .notFound, "\(id)")
            }
        }
    }

    @Test func listingPagesThroughEveryContactOnce() async throws {
        try await Harness().run { client in
            for i in 0..<7 { _ = try await client.admin(.post, "/v1/contacts", #"{"externalId": "u\#(i)"}"#) }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await client.admin(.get, "/v1/contacts?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""))
                seen += page.items.compactMap { $0["externalId"]?.stringValue }
                cursor = page["hasMore"] == .bool(true) ? page["nextCursor"]?.stringValue : nil
            } while cursor != nil
            #expect(seen == (0..<7).map { "u\($0)" })
        }
    }
}
