import HTTPTypes
import TernServer
import TernStore
import Testing
import TernCore

@Suite struct EventRoutesTests {
    static let order = #"{"event": "cl_order_completed", "phone": "+447700900123", "properties": {"cl_price": 12.5, "cl_sku": "A-1", "cl_paid_at": "2026-11-24T10:00:00+01:00", "cl_page": "https://shop.example/p/1"}}"#

    @Test func anEventIsStoredInCanonicalFormAndReadBack() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let recorded = try await client.write(.post, "/v1/events", Self.order)
            #expect(recorded.status == .created)
            #expect(recorded["duplicate"] == .bool(false))
            let contactId = try #require(recorded["contactId"]?.stringValue)
            let events = try await client.admin(.get, "/v1/events?event=cl_order_completed")
            let event = try #require(events.items.first)
            #expect(event["id"] == recorded["id"])
            #expect(event["contactId"] == .string(contactId))
            #expect(event["properties"]?["cl_price"] == .number("12.5"))
            #expect(event["properties"]?["cl_paid_at"] == .string("2026-11-24T09:00:00.000Z"))
            #expect(event["properties"]?["cl_page"] == .string("https://shop.example/p/1"))
            #expect(event["source"] == .string("api"))
            #expect(event["time"] == .string(Timestamp.iso8601(Harness.start)))
            #expect(event["receivedAt"] == .string(Timestamp.iso8601(Harness.start)))
        }
    }

    @Test func aNewPhoneNumberCreatesItsContactOnce() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let first = try await client.write(.post, "/v1/events", Self.order)
            let second = try await client.write(.post, "/v1/events", Self.order)
            #expect(first["contactId"] == second["contactId"])
            let contacts = try await client.admin(.get, "/v1/contacts?phone=%2B447700900123")
            #expect(contacts.items.count == 1)
            let created = try await client.admin(.get, "/v1/events?event=contact_created")
            #expect(created.items.count == 1)
        }
    }

    @Test func aRepeatedMessageIdIsStoredOnce() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let body = #"{"event": "cl_order_completed", "externalId": "u1", "messageId": "m-1"}"#
            let first = try await client.write(.post, "/v1/events", body)
            let retry = try await client.write(.post, "/v1/events", body)
            #expect(first.status == .created)
            #expect(retry.status == .ok)
            #expect(retry["duplicate"] == .bool(true))
            #expect(retry["id"] == first["id"])
            let batch = try await client.write(.post, "/v1/events/batch", "{\"events\": [\(body), \(body)]}")
            #expect(batch["accepted"] == .integer(0))
            #expect(batch["duplicates"] == .integer(2))
            #expect(try await client.admin(.get, "/v1/events?event=cl_order_completed").items.count == 1)
        }
    }

    @Test func invalidPropertiesAreRejectedNamingTheField() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let cases: [(String, String)] = [
                (#""cl_price": 12.55"#, "properties.cl_price"),
                (#""cl_price": "12""#, "properties.cl_price"),
                (#""cl_sku": "\#(String(repeating: "x", count: 256))""#, "properties.cl_sku"),
                (#""cl_paid_at": "yesterday""#, "properties.cl_paid_at"),
                (#""cl_page": "ftp://x.example""#, "properties.cl_page"),
                (#""cl_undeclared": 1"#, "properties.cl_undeclared"),
            ]
            for (property, field) in cases {
                let reply = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "u1", "properties": {\#(property)}}"#)
                #expect(reply.status == .unprocessableContent, "\(property)")
                #expect(reply.errorFields == [field], "\(property)")
            }
            #expect(try await client.admin(.get, "/v1/events").items.isEmpty)
        }
    }

    @Test func presetPropertiesNeedNoDeclaration() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let reply = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "u1", "properties": {"channel": "whatsapp", "source": "ads"}}"#)
            #expect(reply.status == .created)
        }
    }

    @Test func unknownEventsAndUnknownFieldsAreRejected() async throws {
        try await Harness().run { client in
            let unknown = try await client.write(.post, "/v1/events", #"{"event": "cl_nope", "externalId": "u1"}"#)
            #expect(unknown.errorFields == ["event"])
            try await client.defineOrderCompleted()
            let extra = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "u1", "colour": "red"}"#)
            #expect(extra.status == .unprocessableContent)
            #expect(extra.errorFields == ["colour"])
        }
    }

    @Test func eventsThatOnlyTernRecordsAreRefused() async throws {
        try await Harness().run { client in
            for event in ["contact_created", "contact_updated", "journey_entered"] {
                let reply = try await client.write(.post, "/v1/events", #"{"event": "\#(event)", "externalId": "u1"}"#)
                #expect(reply.errorFields == ["event"], "\(event)")
            }
            let page = try await client.write(.post, "/v1/events", #"{"event": "page_viewed", "externalId": "u1", "properties": {"url": "https://a.example/"}}"#)
            #expect(page.status == .created)
        }
    }

    @Test func anEmptyMessageIdIsRejected() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let reply = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "u1", "messageId": ""}"#)
            #expect(reply.errorFields == ["messageId"])
        }
    }

    @Test func timeIsIsoWithOffsetOrEpochMillisAndNotFarInTheFuture() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let epoch = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "u1", "time": 1700000000000}"#)
            #expect(epoch.status == .created)
            let soon = Timestamp.iso8601(Harness.start + 23 * 3_600_000)
            #expect(try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "u1", "time": "\#(soon)"}"#).status == .created)
            let late = Timestamp.iso8601(Harness.start + 25 * 3_600_000)
            let future = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "u1", "time": "\#(late)"}"#)
            #expect(future.errorFields == ["time"])
            let noOffset = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "u1", "time": "2026-11-24T10:00:00"}"#)
            #expect(noOffset.errorFields == ["time"])
            let events = try await client.admin(.get, "/v1/events?event=cl_order_completed")
            #expect(events.items.first?["time"] == .string("2023-11-14T22:13:20.000Z"))
        }
    }

    @Test func aContactIdThatDoesNotExistIsRejected() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let reply = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "contactId": "ct_4242"}"#)
            #expect(reply.status == .unprocessableContent)
            #expect(reply.errorFields == ["contactId"])
        }
    }

    @Test func contactIdWinsOverOtherIdentifiers() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let ann = try await client.admin(.post, "/v1/contacts", #"{"externalId": "ann"}"#)
            let annID = try #require(ann["id"]?.stringValue)
            let reply = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "contactId": "\#(annID)", "externalId": "bob"}"#)
            #expect(reply["contactId"] == .string(annID))
            #expect(try await client.admin(.get, "/v1/contacts?externalId=bob").items.isEmpty)
        }
    }

    @Test func aBatchStoresTheValidEventsAndReportsTheOthersByIndex() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let reply = try await client.write(.post, "/v1/events/batch", """
                {"events": [
                  {"event": "cl_order_completed", "externalId": "u1", "properties": {"cl_price": 3}},
                  {"event": "cl_order_completed", "externalId": "u2", "properties": {"cl_price": 3.14}},
                  {"event": "cl_order_completed", "contactId": "ct_999"},
                  {"event": "cl_order_completed", "externalId": "u3"}
                ]}
                """)
            #expect(reply.status == .ok)
            #expect(reply["accepted"] == .integer(2))
            let rejected = reply["rejected"]?.arrayValue ?? []
            #expect(rejected.compactMap { $0["index"] } == [.integer(1), .integer(2)])
            #expect(reply.errorFields.isEmpty)
            let fields = rejected.flatMap { $0["errors"]?.arrayValue ?? [] }.compactMap { $0["field"]?.stringValue }
            #expect(fields == ["events[1].properties.cl_price", "events[2].contactId"])
            #expect(try await client.admin(.get, "/v1/events?event=cl_order_completed").items.count == 2)
        }
    }

    @Test func aBatchOfMoreThanAThousandEventsIsTooLarge() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let event = #"{"event":"cl_order_completed","externalId":"u"}"#
            let body = "{\"events\": [" + Array(repeating: event, count: 1001).joined(separator: ",") + "]}"
            let reply = try await client.write(.post, "/v1/events/batch", body)
            #expect(reply.status == .contentTooLarge)
            #expect(try await client.admin(.get, "/v1/events").items.isEmpty)
        }
    }

    @Test func bodiesOverTheLimitsAreTooLarge() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let big = String(repeating: "x", count: 40 * 1024)
            let single = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "\#(big)"}"#)
            #expect(single.status == .contentTooLarge)
            let huge = String(repeating: "x", count: 600 * 1024)
            let batch = try await client.write(.post, "/v1/events/batch", #"{"events": [{"event": "cl_order_completed", "externalId": "\#(huge)"}]}"#)
            #expect(batch.status == .contentTooLarge)
            #expect(batch.contentType == "application/problem+json")
        }
    }

    @Test func anEventOverThirtyTwoKilobytesInABatchIsRejectedAlone() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let bigTags = (0..<20).map { _ in "\"" + String(repeating: "t", count: 64) + "\"" }.joined(separator: ",")
            let padding = String(repeating: " ", count: 33 * 1024)
            let reply = try await client.write(.post, "/v1/events/batch", """
                {"events": [{"event": "cl_order_completed", "externalId": "u1"},
                            {"event": "cl_order_completed", "externalId": "u2", "contentTags": [\(bigTags)], "messageId": "\(padding.count)"\(padding)}]}
                """)
            // Whitespace does not count: the second event is small once parsed, so both are stored.
            #expect(reply["accepted"] == .integer(2))

            // Over 32 KB once parsed (150 members of about 250 bytes, quotes escaped as written):
            // refused by its index before its members are checked; the event beside it is stored.
            let members = (0..<150).map { #""k\#($0)\#(String(repeating: #"\""#, count: 120))": 1"# }.joined(separator: ",")
            let big = try await client.write(.post, "/v1/events/batch", """
                {"events": [{"event": "cl_order_completed", "externalId": "u3", "properties": {\(members)}},
                            {"event": "cl_order_completed", "externalId": "u4"}]}
                """)
            #expect(big["accepted"] == .integer(1))
            let rejected = big["rejected"]?.arrayValue ?? []
            #expect(rejected.compactMap { $0["index"] } == [.integer(0)])
            let errors = rejected.flatMap { $0["errors"]?.arrayValue ?? [] }
            #expect(errors.compactMap { $0["field"]?.stringValue } == ["events[0]"])
            #expect(errors.compactMap { $0["message"]?.stringValue } == ["is larger than 32 KB"])
        }
    }

    @Test func theTimelineIsNewestFirstAndPagesWithoutRepeats() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            for i in 0..<9 {
                // Two events share each time, so the cursor must break ties by id.
                let time = Harness.start - Int64(i / 2) * 60_000
                _ = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "u1", "time": \#(time), "properties": {"cl_price": \#(i)}}"#)
            }
            let contact = try await client.admin(.get, "/v1/contacts?externalId=u1")
            let id = try #require(contact.items.first?["id"]?.stringValue)
            var times: [String] = []
            var prices: [JSONValue] = []
            var cursor: String?
            repeat {
                let page = try await client.admin(.get, "/v1/contacts/\(id)/events?event=cl_order_completed&limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""))
                times += page.items.compactMap { $0["time"]?.stringValue }
                prices += page.items.compactMap { $0["properties"]?["cl_price"] }
                cursor = page["hasMore"] == .bool(true) ? page["nextCursor"]?.stringValue : nil
            } while cursor != nil
            #expect(prices.count == 9)
            #expect(Set(prices.map(JSONWriter.string)).count == 9)
            #expect(times == times.sorted(by: >))
        }
    }

    @Test func theEventListNeitherSkipsNorRepeatsWhileEventsArrive() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            var sent = 0
            func send(_ n: Int) async throws {
                for _ in 0..<n {
                    // Late arrivals with old times must still be seen.
                    let time = Harness.start - Int64(sent % 3) * 86_400_000
                    _ = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "u\#(sent % 4)", "time": \#(time), "messageId": "m\#(sent)"}"#)
                    sent += 1
                }
            }
            try await send(5)
            var seen: [String] = []
            var cursor: String?
            for round in 0..<10 {
                let page = try await client.admin(.get, "/v1/events?event=cl_order_completed&limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""))
                seen += page.items.compactMap { $0["messageId"]?.stringValue }
                cursor = page["nextCursor"]?.stringValue
                if round < 4 { try await send(2) }
            }
            #expect(sent == 13)
            #expect(seen == (0..<13).map { "m\($0)" })
        }
    }

    @Test func eventsFilterByTimeRange() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            for day in 0..<5 {
                _ = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "u1", "time": \#(Harness.start - Int64(day) * 86_400_000)}"#)
            }
            let from = Timestamp.iso8601(Harness.start - 3 * 86_400_000)
            let to = Timestamp.iso8601(Harness.start - 1 * 86_400_000)
            let reply = try await client.admin(.get, "/v1/events?event=cl_order_completed&from=\(from)&to=\(to)")
            #expect(reply.items.count == 2)
            let bad = try await client.admin(.get, "/v1/events?from=last-week")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.errorFields == ["from"])
        }
    }
}
