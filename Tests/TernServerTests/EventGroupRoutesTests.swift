import HTTPTypes
import TernCore
import TernServer
import TernStore
import Testing

/// Event groups: create, rename, delete (ungrouping), moving definitions in and out, filtering, isolation.
@Suite struct EventGroupRoutesTests {
    /// Creates a group in A and returns its id.
    private func createGroup(_ client: Client, _ name: String) async throws -> String {
        let reply = try await client.admin(.post, "/v1/event-groups", #"{"name": "\#(name)"}"#)
        #expect(reply.status == .created)
        return try #require(reply["id"]?.stringValue)
    }

    /// Defines a bare inbound custom event in the workspace of `key` (A's admin key by default).
    private func define(_ client: Client, _ id: String, group: String? = nil, key: String? = nil) async throws {
        let groupMember = group.map { #", "group": "\#($0)""# } ?? ""
        let reply = try await client.send(.post, "/v1/event-definitions", key: key ?? client.harness.a.adminKey, body: """
            {"id": "\(id)", "name": "Name of \(id)", "direction": "inbound"\(groupMember)}
            """)
        #expect(reply.status == .created)
    }

    private func groupOf(_ client: Client, _ id: String) async throws -> JSONValue? {
        try await client.admin(.get, "/v1/event-definitions/\(id)")["group"]
    }

    private func groupIdOf(_ client: Client, _ id: String) async throws -> JSONValue? {
        try await client.admin(.get, "/v1/event-definitions/\(id)")["groupId"]
    }

    @Test func createListRenameAndDelete() async throws {
        try await Harness().run { client in
            let id = try await createGroup(client, "  Checkout ")
            #expect(id.hasPrefix("grp_"))
            let listed = try await client.admin(.get, "/v1/event-groups")
            #expect(listed.items.compactMap { $0["name"]?.stringValue } == ["Checkout"])
            #expect(listed.items.first?["eventCount"] == .integer(0))
            let renamed = try await client.admin(.patch, "/v1/event-groups/\(id)", #"{"name": "Payments"}"#)
            #expect(renamed.status == .ok)
            #expect(renamed["name"] == .string("Payments"))
            #expect(try await client.admin(.get, "/v1/event-groups/\(id)")["name"] == .string("Payments"))
            #expect(try await client.admin(.delete, "/v1/event-groups/\(id)").status == .noContent)
            #expect(try await client.admin(.get, "/v1/event-groups/\(id)").status == .notFound)
            #expect(try await client.admin(.delete, "/v1/event-groups/\(id)").status == .notFound)
            #expect(try await client.admin(.get, "/v1/event-groups").items.isEmpty)
        }
    }

    @Test func groupNamesAreUniqueIgnoringCase() async throws {
        try await Harness().run { client in
            let checkout = try await createGroup(client, "Checkout")
            let again = try await client.admin(.post, "/v1/event-groups", #"{"name": "CHECKOUT"}"#)
            #expect(again.status == .conflict)
            #expect(again.errorFields == ["name"])
            let other = try await createGroup(client, "Onboarding")
            let clash = try await client.admin(.patch, "/v1/event-groups/\(other)", #"{"name": "checkout"}"#)
            #expect(clash.status == .conflict)
            // A group may change the case of its own name.
            let recased = try await client.admin(.patch, "/v1/event-groups/\(checkout)", #"{"name": "CheckOut"}"#)
            #expect(recased.status == .ok)
        }
    }

    @Test func aBlankNameIsInvalid() async throws {
        try await Harness().run { client in
            let reply = try await client.admin(.post, "/v1/event-groups", #"{"name": "  "}"#)
            #expect(reply.status == .unprocessableContent)
            #expect(reply.errorFields == ["name"])
        }
    }

    @Test func deletingAGroupUngroupsItsEventsAndKeepsThem() async throws {
        try await Harness().run { client in
            try await define(client, "cl_paid", group: "Checkout")
            try await define(client, "cl_refunded", group: "Checkout")
            let groups = try await client.admin(.get, "/v1/event-groups")
            #expect(groups.items.first?["eventCount"] == .integer(2))
            let id = try #require(groups.items.first?["id"]?.stringValue)
            #expect(try await client.admin(.delete, "/v1/event-groups/\(id)").status == .noContent)
            #expect(try await client.admin(.get, "/v1/event-definitions/cl_paid").status == .ok)
            #expect(try await groupOf(client, "cl_paid") == .null)
            #expect(try await groupOf(client, "cl_refunded") == .null)
        }
    }

    @Test func manyEventsMoveIntoAGroupAndOutInOneRequest() async throws {
        try await Harness().run { client in
            for id in ["cl_a", "cl_b", "cl_c"] { try await define(client, id) }
            let group = try await createGroup(client, "Checkout")
            let moved = try await client.admin(.post, "/v1/event-groups/\(group)/events", #"{"events": ["cl_a", "cl_b"]}"#)
            #expect(moved.status == .ok)
            #expect(moved["moved"] == .integer(2))
            #expect(moved["group"]?["eventCount"] == .integer(2))
            #expect(try await groupOf(client, "cl_a") == .string("Checkout"))
            #expect(try await groupIdOf(client, "cl_a") == .string(group), "the definition names its group's id too")
            #expect(try await groupOf(client, "cl_c") == .null)
            #expect(try await groupIdOf(client, "cl_c") == .null)
            let out = try await client.admin(.post, "/v1/event-groups/null/events", #"{"events": ["cl_a"]}"#)
            #expect(out.status == .ok)
            #expect(out["group"] == .null)
            #expect(try await groupOf(client, "cl_a") == .null)
            #expect(try await groupIdOf(client, "cl_a") == .null)
            #expect(try await groupOf(client, "cl_b") == .string("Checkout"))
            let listed = try await client.admin(.get, "/v1/event-definitions?groupId=\(group)")
            #expect(listed.items.compactMap { $0["groupId"]?.stringValue } == [group], "a search by groupId shows it")
        }
    }

    @Test func movingIsAllOrNothing() async throws {
        try await Harness().run { client in
            try await define(client, "cl_a")
            let group = try await createGroup(client, "Checkout")
            let reply = try await client.admin(.post, "/v1/event-groups/\(group)/events", #"{"events": ["cl_a", "cl_nope", "page_viewed"]}"#)
            #expect(reply.status == .unprocessableContent)
            #expect(reply.errorFields == ["events[1]", "events[2]"])
            #expect(try await groupOf(client, "cl_a") == .null)
        }
    }

    @Test func aMoveNeedsAListOfIds() async throws {
        try await Harness().run { client in
            let group = try await createGroup(client, "Checkout")
            #expect(try await client.admin(.post, "/v1/event-groups/\(group)/events", #"{"events": []}"#).errorFields == ["events"])
            #expect(try await client.admin(.post, "/v1/event-groups/\(group)/events", #"{}"#).errorFields == ["events"])
            #expect(try await client.admin(.post, "/v1/event-groups/\(group)/events", #"{"events": [3]}"#).errorFields == ["events[0]"])
            #expect(try await client.admin(.post, "/v1/event-groups/grp_999/events", #"{"events": ["cl_a"]}"#).status == .notFound)
            #expect(try await client.admin(.post, "/v1/event-groups/banana/events", #"{"events": ["cl_a"]}"#).status == .notFound)
        }
    }

    @Test func namingAGroupOnADefinitionUsesTheGroupOfThatNameOrCreatesIt() async throws {
        try await Harness().run { client in
            _ = try await createGroup(client, "Checkout")
            try await define(client, "cl_a", group: "checkout")
            #expect(try await groupOf(client, "cl_a") == .string("Checkout"))
            let patched = try await client.admin(.patch, "/v1/event-definitions/cl_a", #"{"group": "Brand new"}"#)
            #expect(patched["group"] == .string("Brand new"))
            let groups = try await client.admin(.get, "/v1/event-groups").items
            #expect(groups.compactMap { $0["name"]?.stringValue } == ["Brand new", "Checkout"])
            #expect(patched["groupId"] != nil && patched["groupId"] == groups.first?["id"], "the reply names the new group's id")
        }
    }

    @Test func renamingAGroupRenamesItOnEveryEvent() async throws {
        try await Harness().run { client in
            try await define(client, "cl_a", group: "Checkout")
            let id = try #require(try await client.admin(.get, "/v1/event-groups").items.first?["id"]?.stringValue)
            _ = try await client.admin(.patch, "/v1/event-groups/\(id)", #"{"name": "Payments"}"#)
            #expect(try await groupOf(client, "cl_a") == .string("Payments"))
            let filtered = try await client.admin(.get, "/v1/event-definitions?group=payments")
            #expect(filtered.items.compactMap { $0["id"]?.stringValue } == ["cl_a"])
        }
    }

    @Test func theDefinitionListFiltersByGroupAndShowsIt() async throws {
        try await Harness().run { client in
            try await define(client, "cl_a", group: "Checkout")
            try await define(client, "cl_b", group: "Onboarding")
            try await define(client, "cl_c")
            let checkout = try #require(try await client.admin(.get, "/v1/event-groups").items.first?["id"]?.stringValue)
            let byName = try await client.admin(.get, "/v1/event-definitions?group=CHECKOUT")
            #expect(byName.items.compactMap { $0["id"]?.stringValue } == ["cl_a"])
            #expect(byName.items.first?["group"] == .string("Checkout"))
            let byID = try await client.admin(.get, "/v1/event-definitions?groupId=\(checkout)")
            #expect(byID.items.compactMap { $0["id"]?.stringValue } == ["cl_a"])
            let ungrouped = try await client.admin(.get, "/v1/event-definitions?groupId=null&system=false")
            #expect(ungrouped.items.compactMap { $0["id"]?.stringValue } == ["cl_c"])
            #expect(try await client.admin(.get, "/v1/event-definitions?groupId=Checkout").errorFields == ["groupId"])
            #expect(try await client.admin(.get, "/v1/event-definitions?group=a&groupId=null").errorFields == ["groupId"])
        }
    }

    @Test func aWorkspaceNeverSeesOrChangesAnothersGroups() async throws {
        let harness = try await Harness()
        try await harness.run { client in
            let bKey = harness.b.adminKey
            try await define(client, "cl_b_only", group: "B group", key: bKey)
            let bGroups = try await client.send(.get, "/v1/event-groups", key: bKey)
            let bGroup = try #require(bGroups.items.first?["id"]?.stringValue)
            try await define(client, "cl_a_only")

            #expect(try await client.admin(.get, "/v1/event-groups").items.isEmpty)
            #expect(try await client.admin(.get, "/v1/event-groups/\(bGroup)").status == .notFound)
            #expect(try await client.admin(.patch, "/v1/event-groups/\(bGroup)", #"{"name": "Mine"}"#).status == .notFound)
            #expect(try await client.admin(.delete, "/v1/event-groups/\(bGroup)").status == .notFound)
            // A's events cannot go into B's group, and B's events cannot be moved by A.
            #expect(try await client.admin(.post, "/v1/event-groups/\(bGroup)/events", #"{"events": ["cl_a_only"]}"#).status == .notFound)
            let aGroup = try await createGroup(client, "B group")
            let moveB = try await client.admin(.post, "/v1/event-groups/\(aGroup)/events", #"{"events": ["cl_b_only"]}"#)
            #expect(moveB.status == .unprocessableContent)
            #expect(moveB.errorFields == ["events[0]"])
            let outB = try await client.admin(.post, "/v1/event-groups/null/events", #"{"events": ["cl_b_only"]}"#)
            #expect(outB.status == .unprocessableContent)

            let bAfter = try await client.send(.get, "/v1/event-groups", key: bKey)
            #expect(bAfter.items.compactMap { $0["name"]?.stringValue } == ["B group"])
            #expect(bAfter.items.first?["eventCount"] == .integer(1))
            #expect(try await client.send(.get, "/v1/event-definitions/cl_b_only", key: bKey)["group"] == .string("B group"))
        }
    }
}
