import HTTPTypes
import TernCore
import TernServer
import TernStore
import Testing

/// `POST /v1/event-definitions/import`: a filled CSV template creates every event in one transaction, or none.
@Suite struct DefinitionImportTests {
    static let header = "event_name,event_id,direction,score,stage,group,description,property_name,property_id,property_type"

    static func file(_ lines: [String]) -> String {
        ([header] + lines).map { $0 + "\r\n" }.joined()
    }

    @Test func aFilledTemplateCreatesEveryEventWithItsGroup() async throws {
        try await Harness().run { client in
            let reply = try await client.importCSV(Self.file([
                "Order completed,cl_order_completed,inbound,10,customer,Checkout,,Price,cl_price,number",
                "Order completed,cl_order_completed,inbound,10,customer,Checkout,,SKU,cl_sku,string",
                "Newsletter sent,cl_newsletter_sent,outbound,0,,Messaging,,,,",
            ]))
            #expect(reply.status == .created)
            #expect(reply["created"] == .integer(2))
            #expect(reply["properties"] == .integer(2))
            #expect(reply["events"] == .array([.string("cl_order_completed"), .string("cl_newsletter_sent")]))
            #expect(reply["groupsCreated"] == .array([.string("Checkout"), .string("Messaging")]))
            let order = try await client.admin(.get, "/v1/event-definitions/cl_order_completed")
            #expect(order["score"] == .integer(10))
            #expect(order["group"] == .string("Checkout"))
            #expect(order["properties"]?.arrayValue?.count == 2)
            // Created events can be recorded at once.
            let sent = try await client.write(.post, "/v1/events", #"{"event": "cl_order_completed", "externalId": "u1", "properties": {"cl_price": 9.5}}"#)
            #expect(sent.status == .created)
        }
    }

    @Test func theTemplateAsDownloadedImports() async throws {
        try await Harness().run { client in
            let template = try await client.admin(.get, "/v1/event-definitions/template.csv")
            #expect(template.status == .ok)
            #expect(template.contentType == "text/csv; charset=utf-8")
            #expect(template.headers[.contentDisposition]?.contains("attachment") == true)
            let reply = try await client.importCSV(template.text)
            #expect(reply.status == .created)
            #expect(reply["events"] == .array([.string("cl_order_completed")]))
        }
    }

    @Test func anyWrongLineCreatesNothingAndEveryProblemIsListed() async throws {
        try await Harness().run { client in
            let reply = try await client.importCSV(Self.file([
                "Good one,cl_good_one,inbound,1,,Fine,,,,",
                "Bad id,signup,inbound,1,,,,,,",
                "Good two,cl_good_two,inbound,1,,,,,,",
                "Typed,cl_typed,inbound,1,,,,Price,cl_price,money",
            ]))
            #expect(reply.status == .unprocessableContent)
            #expect(reply.contentType == "application/problem+json")
            #expect(reply.errorFields == ["line 3", "line 5"])
            let messages = reply.json?["errors"]?.arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
            #expect(messages.first?.hasPrefix("event_id:") == true)
            #expect(messages.last?.hasPrefix("property_type:") == true)
            #expect(try await client.admin(.get, "/v1/event-definitions/cl_good_one").status == .notFound)
            #expect(try await client.admin(.get, "/v1/event-definitions?system=false").items.isEmpty)
            #expect(try await client.admin(.get, "/v1/event-groups").items.isEmpty)
        }
    }

    @Test func anIdThatExistsIsAnErrorForItsLineAndNothingIsOverwritten() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let reply = try await client.importCSV(Self.file([
                "Something new,cl_new,inbound,1,,,,,,",
                "Another name,cl_order_completed,inbound,99,,,,,,",
            ]))
            #expect(reply.status == .unprocessableContent)
            #expect(reply.errorFields == ["line 3"])
            #expect(reply.text.contains("already exists"))
            #expect(try await client.admin(.get, "/v1/event-definitions/cl_order_completed")["score"] == .integer(10))
            #expect(try await client.admin(.get, "/v1/event-definitions/cl_new").status == .notFound)
        }
    }

    @Test func disagreeingLinesAreNamedInTheAnswer() async throws {
        try await Harness().run { client in
            let reply = try await client.importCSV(Self.file([
                "Order,cl_order,inbound,10,,,,Price,cl_price,number",
                "Order,cl_order,inbound,5,,,,SKU,cl_sku,string",
            ]))
            #expect(reply.errorFields == ["line 3"])
            #expect(reply.text.contains("disagrees with line 2"))
        }
    }

    @Test func aWrongHeaderNamesTheColumn() async throws {
        try await Harness().run { client in
            let reply = try await client.importCSV("event_name,event_id,direction,points\r\n")
            #expect(reply.status == .unprocessableContent)
            #expect(reply.errorFields.allSatisfy { $0 == "line 1" })
            #expect(reply.text.contains(#"column 4 is \"points\"; the template has \"score\" there"#))
        }
    }

    @Test func aByteOrderMarkCRLFAndQuotedFieldsAreReadAsSpreadsheetsWriteThem() async throws {
        try await Harness().run { client in
            let text = "\u{FEFF}" + Self.header + "\r\n"
                + "\"Order, paid\",cl_order,inbound,1,,\"Shop, online\",\"Two\r\nlines\",Price,cl_price,number\r\n"
            let reply = try await client.importCSV(text)
            #expect(reply.status == .created)
            let order = try await client.admin(.get, "/v1/event-definitions/cl_order")
            #expect(order["name"] == .string("Order, paid"))
            #expect(order["group"] == .string("Shop, online"))
            #expect(order["description"] == .string("Two\r\nlines"))
        }
    }

    @Test func aStageTheWorkspaceDoesNotHaveIsALineError() async throws {
        try await Harness().run { client in
            let reply = try await client.importCSV(Self.file([
                "Fine,cl_fine,inbound,1,lead,,,,,",
                "Order,cl_order,inbound,1,champion,,,,,",
            ]))
            #expect(reply.status == .unprocessableContent)
            #expect(reply.errorFields == ["line 3"])
            #expect(reply.text.contains("stage: must be one of the workspace's stages"))
            #expect(try await client.admin(.get, "/v1/event-definitions/cl_fine").status == .notFound)
        }
    }

    @Test func theBodyMustBeCSV() async throws {
        try await Harness().run { client in
            let json = try await client.send(.post, "/v1/event-definitions/import", key: client.harness.a.adminKey, body: "{}")
            #expect(json.status == .unsupportedMediaType)
            #expect(json.contentType == "application/problem+json")
            let withCharset = try await client.importCSV(Self.file([]), contentType: "text/csv; charset=utf-8")
            #expect(withCharset.status == .created)
            #expect(withCharset["created"] == .integer(0))
        }
    }

    @Test func aFileOver10MBIs413() async throws {
        try await Harness().run { client in
            let line = "Order,cl_order,inbound,1,,,,,,\r\n"
            let big = Self.header + "\r\n" + String(repeating: line, count: 10 * 1024 * 1024 / line.utf8.count + 1)
            let reply = try await client.importCSV(big)
            #expect(reply.status == .contentTooLarge)
            #expect(reply.text.contains("10 MB"))
        }
    }

    @Test func anImportIsSeenByValidationAtOnce() async throws {
        try await Harness().run { client in
            // Load the definition cache first, so that a stale snapshot would refuse the event.
            _ = try await client.write(.post, "/v1/events", #"{"event": "page_viewed", "externalId": "u1"}"#)
            _ = try await client.importCSV(Self.file(["Signed up,cl_signed_up,inbound,3,,,,,,"]))
            let sent = try await client.write(.post, "/v1/events", #"{"event": "cl_signed_up", "externalId": "u1"}"#)
            #expect(sent.status == .created)
        }
    }
}

extension Client {
    /// Uploads `text` to the import route with A's admin key (or `key`).
    func importCSV(_ text: String, key: String? = nil, contentType: String = "text/csv") async throws -> Reply {
        try await send(
            .post, "/v1/event-definitions/import", key: key ?? harness.a.adminKey, body: text,
            headers: [.contentType: contentType])
    }
}
