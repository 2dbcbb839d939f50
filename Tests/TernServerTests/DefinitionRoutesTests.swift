import HTTPTypes
import TernServer
import TernStore
import Testing
import TernCore

@Suite struct DefinitionRoutesTests {
    @Test func aNewWorkspaceListsTheSystemCatalogue() async throws {
        try await Harness().run { client in
            let reply = try await client.admin(.get, "/v1/event-definitions?system=true")
            #expect(reply.status == .ok)
            let ids = Set(reply.items.compactMap { $0["id"]?.stringValue })
            for id in ["contact_created", "contact_updated", "message_sent", "message_delivered", "message_read",
                       "link_clicked", "page_viewed", "form_submitted", "journey_entered", "journey_exited"] {
                #expect(ids.contains(id), "missing \(id)")
            }
            #expect(reply.items.allSatisfy { $0["system"] == .bool(true) })
        }
    }

    @Test func creatingACustomDefinitionReturnsItAndListsIt() async throws {
        try await Harness().run { client in
            let created = try await client.defineOrderCompleted()
            #expect(created.status == .created)
            #expect(created["id"] == .string("cl_order_completed"))
            #expect(created["score"] == .integer(10))
            #expect(created["properties"]?.arrayValue?.count == 4)
            let fetched = try await client.admin(.get, "/v1/event-definitions/cl_order_completed")
            #expect(fetched.status == .ok)
            #expect(fetched["name"] == .string("Order completed"))
            let custom = try await client.admin(.get, "/v1/event-definitions?system=false")
            #expect(custom.items.compactMap { $0["id"]?.stringValue } == ["cl_order_completed"])
        }
    }

    @Test func aTakenIdIsAConflict() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let again = try await client.admin(.post, "/v1/event-definitions", """
                {"id": "cl_order_completed", "name": "Another name", "direction": "inbound"}
                """)
            #expect(again.status == .conflict)
            #expect(again.errorFields == ["id"])
        }
    }

    @Test func namesAreUniqueIgnoringCase() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let again = try await client.admin(.post, "/v1/event-definitions", """
                {"id": "cl_other", "name": "ORDER COMPLETED", "direction": "inbound"}
                """)
            #expect(again.status == .conflict)
            #expect(again.errorFields == ["name"])
        }
    }

    @Test func outboundEventsCannotScore() async throws {
        try await Harness().run { client in
            let reply = try await client.admin(.post, "/v1/event-definitions", """
                {"id": "cl_sent", "name": "Sent", "direction": "outbound", "score": 3}
                """)
            #expect(reply.status == .unprocessableContent)
            #expect(reply.errorFields == ["score"])
            #expect(reply.contentType == "application/problem+json")
        }
    }

    @Test func customIdsMustStartWithClAndFollowTheRule() async throws {
        try await Harness().run { client in
            for bad in ["order", "cl_", "cl_Order", "cl_order-x", "cl_" + String(repeating: "a", count: 61)] {
                let reply = try await client.admin(.post, "/v1/event-definitions", """
                    {"id": "\(bad)", "name": "N \(bad)", "direction": "inbound"}
                    """)
                #expect(reply.status == .unprocessableContent, "\(bad)")
                #expect(reply.errorFields == ["id"], "\(bad)")
            }
            let badProperty = try await client.admin(.post, "/v1/event-definitions", """
                {"id": "cl_ok", "name": "Ok", "direction": "inbound", "properties": [{"id": "price", "name": "P", "type": "number"}]}
                """)
            #expect(badProperty.errorFields == ["properties[0].id"])
        }
    }

    @Test func theIdCannotChange() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let reply = try await client.admin(.patch, "/v1/event-definitions/cl_order_completed", #"{"id": "cl_new"}"#)
            #expect(reply.status == .unprocessableContent)
            #expect(reply.errorFields == ["id"])
            #expect(try await client.admin(.get, "/v1/event-definitions/cl_new").status == .notFound)
        }
    }

    @Test func patchingChangesOnlyTheGivenFields() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let reply = try await client.admin(.patch, "/v1/event-definitions/cl_order_completed", #"{"score": -2, "group": "Sales"}"#)
            #expect(reply.status == .ok)
            #expect(reply["score"] == .integer(-2))
            #expect(reply["group"] == .string("Sales"))
            #expect(reply["name"] == .string("Order completed"))
            let grouped = try await client.admin(.get, "/v1/event-definitions?group=Sales")
            #expect(grouped.items.compactMap { $0["id"]?.stringValue } == ["cl_order_completed"])
        }
    }

    @Test func systemEventsAllowOnlyScoreAndStage() async throws {
        try await Harness().run { client in
            let renamed = try await client.admin(.patch, "/v1/event-definitions/page_viewed", #"{"name": "Seen"}"#)
            #expect(renamed.status == .unprocessableContent)
            #expect(renamed.errorFields == ["name"])
            let rescored = try await client.admin(.patch, "/v1/event-definitions/page_viewed", #"{"score": 4, "stage": "engaged"}"#)
            #expect(rescored.status == .ok)
            #expect(rescored["score"] == .integer(4))
            #expect(rescored["stage"] == .string("engaged"))
        }
    }

    @Test func systemEventsCannotBeDeleted() async throws {
        try await Harness().run { client in
            let reply = try await client.admin(.delete, "/v1/event-definitions/page_viewed")
            #expect(reply.status == .conflict)
            #expect(try await client.admin(.get, "/v1/event-definitions/page_viewed").status == .ok)
        }
    }

    @Test func customEventsCanBeDeleted() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            #expect(try await client.admin(.delete, "/v1/event-definitions/cl_order_completed").status == .noContent)
            #expect(try await client.admin(.get, "/v1/event-definitions/cl_order_completed").status == .notFound)
            #expect(try await client.admin(.delete, "/v1/event-definitions/cl_order_completed").status == .notFound)
        }
    }

    @Test func searchMatchesIdOrNameIgnoringCase() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            let byName = try await client.admin(.get, "/v1/event-definitions?q=ORDER%20comp")
            #expect(byName.items.compactMap { $0["id"]?.stringValue } == ["cl_order_completed"])
            let byID = try await client.admin(.get, "/v1/event-definitions?q=page_v")
            #expect(byID.items.compactMap { $0["id"]?.stringValue } == ["page_viewed"])
            let inbound = try await client.admin(.get, "/v1/event-definitions?direction=outbound&q=order")
            #expect(inbound.items.isEmpty)
        }
    }
}
