import HTTPTypes
import TernCore
import TernServer
import TernStore
import Testing

/// Export, the template, restoring system defaults, and the constant paths beside `/v1/event-definitions/{id}`.
@Suite struct DefinitionFileRoutesTests {
    @Test func exportAndTemplateAreNotReadAsDefinitionIds() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let export = try await client.admin(.get, "/v1/event-definitions/export")
            #expect(export.status == .ok)
            #expect(export.json?["items"] != nil)
            let template = try await client.admin(.get, "/v1/event-definitions/template.csv")
            #expect(template.status == .ok)
            #expect(template.text.hasPrefix("\u{FEFF}event_name,event_id,"))
            // The :id route still answers beside them.
            #expect(try await client.admin(.get, "/v1/event-definitions/cl_order_completed")["id"] == .string("cl_order_completed"))
            #expect(try await client.admin(.get, "/v1/event-definitions/page_viewed").status == .ok)
            #expect(try await client.admin(.get, "/v1/event-definitions/exported").status == .notFound)
        }
    }

    @Test func everyNewRouteNeedsAnAdminKey() async throws {
        let harness = try await Harness()
        try await harness.run { client in
            let routes: [(HTTPRequest.Method, String)] = [
                (.get, "/v1/event-definitions/export"), (.get, "/v1/event-definitions/template.csv"),
                (.post, "/v1/event-definitions/import"), (.post, "/v1/event-definitions/restore-defaults"),
                (.get, "/v1/event-groups"), (.post, "/v1/event-groups"), (.post, "/v1/event-groups/null/events"),
            ]
            for (method, path) in routes {
                let anonymous = try await client.send(method, path, key: nil)
                #expect(anonymous.status == .unauthorized, "\(path)")
                let writer = try await client.send(method, path, key: harness.a.writeKey, body: "{}")
                #expect(writer.status == .forbidden, "\(path)")
            }
        }
    }

    @Test func jsonExportListsEveryCustomEventWithWhatAnIntegratorNeeds() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            _ = try await client.admin(.patch, "/v1/event-definitions/cl_order_completed", #"{"group": "Checkout", "stage": "customer"}"#)
            let export = try await client.admin(.get, "/v1/event-definitions/export?format=json")
            let items = export.items
            #expect(items.count == 1)
            let item = try #require(items.first)
            #expect(item["id"] == .string("cl_order_completed"))
            #expect(item["name"] == .string("Order completed"))
            #expect(item["direction"] == .string("inbound"))
            #expect(item["score"] == .integer(10))
            #expect(item["stage"] == .string("customer"))
            #expect(item["group"] == .string("Checkout"))
            #expect(item["properties"]?.arrayValue?.first == .object(["id": .string("cl_price"), "name": .string("Price"), "type": .string("number")]))
        }
    }

    @Test func csvExportHasTheTemplatesLayout() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let export = try await client.admin(.get, "/v1/event-definitions/export?format=csv")
            #expect(export.status == .ok)
            #expect(export.contentType == "text/csv; charset=utf-8")
            let template = try await client.admin(.get, "/v1/event-definitions/template.csv")
            let firstLine = { (text: String) in text.split(separator: "\r\n").first.map(String.init) }
            #expect(firstLine(export.text) == firstLine(template.text))
            #expect(export.text.split(separator: "\r\n").count == 5)
        }
    }

    @Test func anUnknownFormatIsInvalid() async throws {
        try await Harness().run { client in
            let reply = try await client.admin(.get, "/v1/event-definitions/export?format=xml")
            #expect(reply.errorFields == ["format"])
        }
    }

    @Test func anExportImportedIntoAnEmptyWorkspaceExportsTheSameFile() async throws {
        let harness = try await Harness()
        try await harness.run { client in
            try await client.defineOrderCompleted()
            _ = try await client.admin(.patch, "/v1/event-definitions/cl_order_completed", #"{"group": "Checkout", "stage": "customer", "description": "Paid, \"really\"\nonline"}"#)
            _ = try await client.admin(.post, "/v1/event-definitions", """
                {"id": "cl_reminder_sent", "name": "Reminder sent", "direction": "outbound", "group": "Messaging, all"}
                """)
            _ = try await client.admin(.post, "/v1/event-definitions", """
                {"id": "cl_trial_started", "name": "Trial started", "direction": "inbound", "score": -3,
                 "properties": [{"id": "cl_plan", "name": "Plan", "type": "string"}]}
                """)
            let fromA = try await client.admin(.get, "/v1/event-definitions/export?format=csv")
            let imported = try await client.importCSV(fromA.text, key: harness.b.adminKey)
            #expect(imported.status == .created)
            #expect(imported["created"] == .integer(3))
            let fromB = try await client.send(.get, "/v1/event-definitions/export?format=csv", key: harness.b.adminKey)
            #expect(fromB.text == fromA.text)
            let jsonA = try await client.admin(.get, "/v1/event-definitions/export?format=json")
            let jsonB = try await client.send(.get, "/v1/event-definitions/export?format=json", key: harness.b.adminKey)
            #expect(jsonB.text == jsonA.text)
        }
    }

    /// Text that a spreadsheet would run as a formula is exported after an apostrophe, and the
    /// import takes the apostrophe off again: the definitions survive the round trip unchanged.
    @Test func formulasInTextAreExportedInertAndImportBackUnchanged() async throws {
        let harness = try await Harness()
        try await harness.run { client in
            let created = try await client.admin(.post, "/v1/event-definitions", #"""
                {"id": "cl_formula", "name": "=HYPERLINK(\"http://evil.example\",\"x\")", "direction": "inbound",
                 "group": "+cmd", "description": "@SUM(A1)",
                 "properties": [{"id": "cl_minus", "name": "-2+3", "type": "number"}, {"id": "cl_quote", "name": "'kept", "type": "string"}]}
                """#)
            #expect(created.status == .created)
            let exported = try await client.admin(.get, "/v1/event-definitions/export?format=csv")
            let cells = try CSV.records(Array(exported.text.utf8)).dropFirst().flatMap(\.fields)
            for formula in ["=HYPERLINK", "+cmd", "@SUM", "-2+3"] {
                #expect(!cells.contains { $0.hasPrefix(formula) }, "\(formula) starts a cell")
                #expect(cells.contains { $0.hasPrefix("'" + formula) }, "\(formula) is not kept after an apostrophe")
            }
            #expect(cells.contains("''kept"))
            let imported = try await client.importCSV(exported.text, key: harness.b.adminKey)
            #expect(imported.status == .created)
            let a = try await client.admin(.get, "/v1/event-definitions/cl_formula")
            let b = try await client.send(.get, "/v1/event-definitions/cl_formula", key: harness.b.adminKey)
            for field in ["name", "group", "description", "properties"] {
                #expect(b[field] == a[field], "\(field)")
            }
            #expect(b["name"] == .string(#"=HYPERLINK("http://evil.example","x")"#))
        }
    }

    @Test func restoringDefaultsResetsSystemEventsAndReportsTheChanges() async throws {
        try await Harness().run { client in
            _ = try await client.admin(.patch, "/v1/event-definitions/page_viewed", #"{"score": 4, "stage": "engaged"}"#)
            _ = try await client.admin(.patch, "/v1/event-definitions/form_submitted", #"{"stage": null}"#)
            try await client.defineOrderCompleted()
            _ = try await client.admin(.patch, "/v1/event-definitions/cl_order_completed", #"{"score": 7, "stage": "lead"}"#)

            let reply = try await client.admin(.post, "/v1/event-definitions/restore-defaults", "{}")
            #expect(reply.status == .ok)
            #expect(reply["changed"] == .array([
                .object([
                    "id": .string("page_viewed"),
                    "before": .object(["score": .integer(4), "stage": .string("engaged")]),
                    "after": .object(["score": .integer(1), "stage": .null]),
                ]),
                .object([
                    "id": .string("form_submitted"),
                    "before": .object(["score": .integer(5), "stage": .null]),
                    "after": .object(["score": .integer(5), "stage": .string("lead")]),
                ]),
            ]))
            let pageViewed = try await client.admin(.get, "/v1/event-definitions/page_viewed")
            #expect(pageViewed["score"] == .integer(1))
            #expect(pageViewed["stage"] == .null)
            let custom = try await client.admin(.get, "/v1/event-definitions/cl_order_completed")
            #expect(custom["score"] == .integer(7))
            #expect(custom["stage"] == .string("lead"))
            // Nothing left to restore.
            #expect(try await client.admin(.post, "/v1/event-definitions/restore-defaults", "{}")["changed"] == .array([]))
        }
    }

    @Test func restoringDefaultsTakesAnEmptyObject() async throws {
        try await Harness().run { client in
            let empty = try await client.admin(.post, "/v1/event-definitions/restore-defaults")
            #expect(empty.status == .badRequest)
            let unknown = try await client.admin(.post, "/v1/event-definitions/restore-defaults", #"{"events": ["page_viewed"]}"#)
            #expect(unknown.errorFields == ["events"])
        }
    }

    @Test func restoringDefaultsInOneWorkspaceLeavesTheOtherAlone() async throws {
        let harness = try await Harness()
        try await harness.run { client in
            _ = try await client.send(.patch, "/v1/event-definitions/page_viewed", key: harness.b.adminKey, body: #"{"score": 9}"#)
            _ = try await client.admin(.post, "/v1/event-definitions/restore-defaults", "{}")
            #expect(try await client.send(.get, "/v1/event-definitions/page_viewed", key: harness.b.adminKey)["score"] == .integer(9))
        }
    }
}
