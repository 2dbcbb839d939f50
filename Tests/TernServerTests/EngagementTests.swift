import HTTPTypes
import TernCore
import TernServer
import TernStore
import Testing

@Suite struct EngagementTests {
    static let day: Int64 = 86_400_000

    /// Defines an inbound event with the given score and stage.
    static func define(_ client: Client, _ id: String, score: Int, stage: String? = nil) async throws {
        let stageField = stage.map { #", "stage": "\#($0)""# } ?? ""
        let reply = try await client.admin(.post, "/v1/event-definitions", #"{"id": "\#(id)", "name": "\#(id)", "direction": "inbound", "score": \#(score)\#(stageField)}"#)
        #expect(reply.status == .created, "\(reply.text)")
    }

    static func send(_ client: Client, _ event: String, _ externalId: String = "u1", time: Int64? = nil, tags: [String] = []) async throws -> Reply {
        let timeField = time.map { #", "time": \#($0)"# } ?? ""
        let tagField = tags.isEmpty ? "" : #", "contentTags": [\#(tags.map { "\"\($0)\"" }.joined(separator: ","))]"#
        return try await client.write(.post, "/v1/events", #"{"event": "\#(event)", "externalId": "\#(externalId)"\#(timeField)\#(tagField)}"#)
    }

    static func profile(_ client: Client, _ externalId: String = "u1") async throws -> Reply {
        let found = try await client.admin(.get, "/v1/contacts?externalId=\(externalId)")
        let id = try #require(found.items.first?["id"]?.stringValue)
        return try await client.admin(.get, "/v1/contacts/\(id)")
    }

    @Test func activenessIsTheSumOfScoresAndADefinitionChangeAffectsOnlyLaterEvents() async throws {
        try await Harness().run { client in
            try await Self.define(client, "cl_buy", score: 10)
            try await Self.define(client, "cl_complain", score: -3)
            _ = try await Self.send(client, "cl_buy")
            _ = try await Self.send(client, "cl_complain")
            #expect(try await Self.profile(client)["activeness"] == .integer(7))
            _ = try await client.admin(.patch, "/v1/event-definitions/cl_buy", #"{"score": 1}"#)
            _ = try await Self.send(client, "cl_buy")
            let profile = try await Self.profile(client)
            #expect(profile["activeness"] == .integer(8))
            #expect(profile["level"] == .string("low"))
        }
    }

    @Test func contactsAreListedByLevelAndLevelsAreEditable() async throws {
        try await Harness().run { client in
            try await Self.define(client, "cl_buy", score: 30)
            for _ in 0..<2 { _ = try await Self.send(client, "cl_buy", "big") }
            _ = try await Self.send(client, "cl_buy", "small")
            _ = try await client.admin(.post, "/v1/contacts", #"{"externalId": "idle"}"#)
            func names(_ level: String) async throws -> [String] {
                try await client.admin(.get, "/v1/contacts?level=\(level)").items.compactMap { $0["externalId"]?.stringValue }
            }
            #expect(try await names("high") == ["big"])
            #expect(try await names("medium") == ["small"])
            #expect(try await names("inactive") == ["idle"])
            let put = try await client.admin(.put, "/v1/settings/activeness-levels", #"{"levels": [{"name": "cold"}, {"name": "hot", "minimum": 25}]}"#)
            #expect(put.status == .ok)
            #expect(try await names("hot") == ["big", "small"])
            #expect(try await client.admin(.get, "/v1/contacts?level=high").status == .unprocessableContent)
        }
    }

    @Test func badLevelSettingsAreRejectedNamingTheField() async throws {
        try await Harness().run { client in
            let cases: [(String, String)] = [
                (#"{"levels": [{"name": "a", "minimum": 1}]}"#, "levels[0].minimum"),
                (#"{"levels": [{"name": "a"}, {"name": "b", "minimum": 5}, {"name": "c", "minimum": 5}]}"#, "levels[2].minimum"),
                (#"{"levels": [{"name": "a"}, {"name": "a", "minimum": 5}]}"#, "levels[1].name"),
                (#"{"levels": []}"#, "levels"),
                (#"{"levels": [{"name": "a"}], "windowDays": 0}"#, "windowDays"),
            ]
            for (body, field) in cases {
                let reply = try await client.admin(.put, "/v1/settings/activeness-levels", body)
                #expect(reply.status == .unprocessableContent, "\(body)")
                #expect(reply.errorFields == [field], "\(body)")
            }
            let levels = try await client.admin(.get, "/v1/settings/activeness-levels")
            #expect(levels["levels"]?.arrayValue?.count == 4)
        }
    }

    @Test func aWindowCountsOnlyRecentEventsAndStaysRightAsTimePasses() async throws {
        let harness = try await Harness()
        try await harness.run { client in
            try await Self.define(client, "cl_buy", score: 5)
            _ = try await Self.send(client, "cl_buy", time: Harness.start - 10 * Self.day)
            _ = try await Self.send(client, "cl_buy", time: Harness.start - 2 * Self.day)
            #expect(try await Self.profile(client)["activeness"] == .integer(10))
            _ = try await client.admin(.put, "/v1/settings/activeness-levels", #"{"levels": [{"name": "inactive"}, {"name": "low", "minimum": 1}], "windowDays": 7}"#)
            #expect(try await Self.profile(client)["activeness"] == .integer(5))
            #expect(try await client.admin(.get, "/v1/contacts?level=low").items.count == 1)
            harness.clock.advance(millis: 6 * Self.day)
            let later = try await Self.profile(client)
            #expect(later["activeness"] == .integer(0))
            #expect(later["level"] == .string("inactive"))
            #expect(try await client.admin(.get, "/v1/contacts?level=inactive").items.count == 1)
        }
    }

    @Test func stagesMoveForwardOnlyByDefaultAndKeepAHistory() async throws {
        try await Harness().run { client in
            try await Self.define(client, "cl_buy", score: 10, stage: "customer")
            try await Self.define(client, "cl_browse", score: 1, stage: "engaged")
            #expect(try await Self.send(client, "cl_browse").status == .created)
            _ = try await Self.send(client, "cl_buy")
            _ = try await Self.send(client, "cl_browse")
            let profile = try await Self.profile(client)
            #expect(profile["stage"] == .string("customer"))
            let history = profile["stageHistory"]?.arrayValue ?? []
            #expect(history.map { $0["to"] } == [.string("engaged"), .string("customer")])
            #expect(history.map { $0["from"] } == [.null, .string("engaged")])
            #expect(history.map { $0["event"] } == [.string("cl_browse"), .string("cl_buy")])
        }
    }

    @Test func aWorkspaceMayLetStagesMoveInAnyDirectionByEventTime() async throws {
        try await Harness().run { client in
            let put = try await client.admin(.put, "/v1/settings/stages", #"{"stages": ["new", "engaged", "lead", "customer", "loyal"], "direction": "any"}"#)
            #expect(put.status == .ok)
            try await Self.define(client, "cl_buy", score: 10, stage: "customer")
            try await Self.define(client, "cl_browse", score: 1, stage: "engaged")
            _ = try await Self.send(client, "cl_buy", time: Harness.start - 1000)
            _ = try await Self.send(client, "cl_browse", time: Harness.start)
            #expect(try await Self.profile(client)["stage"] == .string("engaged"))
            // A late arrival of an older event does not override the newer one.
            _ = try await Self.send(client, "cl_buy", time: Harness.start - 500)
            #expect(try await Self.profile(client)["stage"] == .string("engaged"))
        }
    }

    @Test func stagesMustExistAndCannotBeDroppedWhileDefinitionsUseThem() async throws {
        try await Harness().run { client in
            let unknown = try await client.admin(.post, "/v1/event-definitions", #"{"id": "cl_x", "name": "X", "direction": "inbound", "stage": "vip"}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.errorFields == ["stage"])
            try await Self.define(client, "cl_buy", score: 1, stage: "customer")
            let drop = try await client.admin(.put, "/v1/settings/stages", #"{"stages": ["new", "engaged", "lead", "loyal"]}"#)
            #expect(drop.status == .conflict)
            let stages = try await client.admin(.get, "/v1/settings/stages")
            #expect(stages["stages"]?.arrayValue?.count == 5)
        }
    }

    @Test func contentTagsAreCountedAndContactsListedByTag() async throws {
        try await Harness().run { client in
            try await Self.define(client, "cl_read", score: 1)
            _ = try await Self.send(client, "cl_read", tags: ["shoes", "sale"])
            _ = try await Self.send(client, "cl_read", tags: ["shoes"])
            _ = try await Self.send(client, "cl_read", "u2", tags: ["hats"])
            let profile = try await Self.profile(client)
            let top = profile["topTags"]?.arrayValue ?? []
            #expect(top.map { $0["tag"] } == [.string("shoes"), .string("sale")])
            #expect(top.map { $0["count"] } == [.integer(2), .integer(1)])
            let shoes = try await client.admin(.get, "/v1/contacts?tag=shoes")
            #expect(shoes.items.compactMap { $0["externalId"]?.stringValue } == ["u1"])
        }
    }

    @Test func theProfileShowsFirstAndLastEventAndCountsByDefinition() async throws {
        try await Harness().run { client in
            try await Self.define(client, "cl_read", score: 1)
            _ = try await Self.send(client, "cl_read", time: Harness.start - 3 * Self.day)
            _ = try await Self.send(client, "cl_read", time: Harness.start - Self.day)
            let profile = try await Self.profile(client)
            #expect(profile["eventCounts"]?["cl_read"] == .integer(2))
            #expect(profile["eventCounts"]?["contact_created"] == .integer(1))
            #expect(profile["firstEventAt"] == .string(Timestamp.iso8601(Harness.start - 3 * Self.day)))
            #expect(profile["lastEventAt"] == .string(Timestamp.iso8601(Harness.start)))
        }
    }

    @Test func manualEventsRecordTheSourceAndWhoRecordedThem() async throws {
        try await Harness().run { client in
            try await Self.define(client, "cl_called", score: 2)
            let contact = try await client.admin(.post, "/v1/contacts", #"{"externalId": "u1"}"#)
            let id = try #require(contact["id"]?.stringValue)
            let recorded = try await client.admin(.post, "/v1/contacts/\(id)/events", #"{"event": "cl_called", "contentTags": ["support"]}"#)
            #expect(recorded.status == .created)
            #expect(recorded["contactId"] == .string(id))
            let timeline = try await client.admin(.get, "/v1/contacts/\(id)/events?event=cl_called")
            #expect(timeline.items.first?["source"] == .string("manual"))
            #expect(timeline.items.first?["recordedBy"] == .string("admin"))
            #expect(try await Self.profile(client)["activeness"] == .integer(2))

            let system = try await client.admin(.post, "/v1/contacts/\(id)/events", #"{"event": "page_viewed"}"#)
            #expect(system.status == .unprocessableContent)
            #expect(system.errorFields == ["event"])
            let other = try await client.admin(.post, "/v1/contacts/\(id)/events", #"{"event": "cl_called", "externalId": "u2"}"#)
            #expect(other.errorFields == ["externalId"])
            #expect(try await client.admin(.post, "/v1/contacts/ct_999/events", #"{"event": "cl_called"}"#).status == .notFound)
            #expect(try await client.write(.post, "/v1/contacts/\(id)/events", #"{"event": "cl_called"}"#).status == .forbidden)
        }
    }
}
