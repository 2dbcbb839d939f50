import Testing
import TernCore

/// Group names and ids, and the group a definition names.
struct EventGroupTests {
    private func nameFailure(_ text: String) throws -> [String] {
        let body = try json(text)
        do {
            _ = try EventGroup.name(from: body)
            return []
        } catch {
            return error.fields
        }
    }

    @Test func aGroupNameIsTrimmed() throws {
        #expect(try EventGroup.name(from: try json(#"{"name": "  Checkout \n"}"#)) == "Checkout")
    }

    @Test func aGroupNameIsRequiredAndNotBlank() throws {
        #expect(try nameFailure("{}") == ["name"])
        #expect(try nameFailure(#"{"name": "   "}"#) == ["name"])
        #expect(try nameFailure(#"{"name": null}"#) == ["name"])
        #expect(try nameFailure(#"{"name": 3}"#) == ["name"])
    }

    @Test func aGroupNameHasAtMost100Characters() throws {
        #expect(try nameFailure(#"{"name": "\#(String(repeating: "é", count: 100))"}"#) == [])
        #expect(try nameFailure(#"{"name": "\#(String(repeating: "é", count: 101))"}"#) == ["name"])
    }

    @Test func unknownMembersAreRejected() throws {
        #expect(try nameFailure(#"{"name": "A", "color": "red"}"#) == ["color"])
    }

    @Test func aDefinitionsGroupObeysTheSameRule() throws {
        let created = try EventDefinition.create(
            from: try json(#"{"id": "cl_a", "name": "A", "direction": "inbound", "group": " Shop "}"#), now: Fixture.now)
        #expect(created.group == "Shop")
        #expect(throws: ValidationFailure.self) {
            try EventDefinition.create(from: try json(#"{"id": "cl_a", "name": "A", "direction": "inbound", "group": " "}"#), now: Fixture.now)
        }
    }

    @Test func groupIdsHaveOneSpelling() {
        #expect(EventGroupID.format(12) == "grp_12")
        #expect(EventGroupID.parse("grp_12") == 12)
        for bad in ["grp_0", "grp_012", "grp_+1", "grp_-1", "grp_", "12", "ct_1", "grp_99999999999999999999", "null"] {
            #expect(EventGroupID.parse(bad) == nil, "\(bad)")
        }
    }
}
