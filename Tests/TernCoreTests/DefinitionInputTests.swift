import Testing
import TernCore

/// Creating custom definitions from `POST /v1/event-definitions` bodies.
struct DefinitionInputTests {
    private func create(_ text: String) throws -> EventDefinition {
        try EventDefinition.create(from: try json(text), now: Fixture.now)
    }

    /// The fields named by the failure of creating from `text`; empty if creation succeeds.
    private func failedFields(_ text: String) throws -> [String] {
        let body = try json(text)
        do {
            _ = try EventDefinition.create(from: body, now: Fixture.now)
            return []
        } catch {
            return error.fields
        }
    }

    @Test func validBodyCreatesACustomDefinition() throws {
        let definition = try create(#"""
            {"id":"cl_purchase","name":"  Purchase ","direction":"inbound","score":10,"stage":"customer",
             "group":"Shop","description":"A completed order",
             "properties":[{"id":"cl_price","name":"Price","type":"number"},{"id":"cl_url","name":"Link","type":"url"}]}
            """#)
        #expect(definition == EventDefinition(
            id: "cl_purchase", name: "Purchase", direction: .inbound, score: 10, stage: "customer", group: "Shop",
            description: "A completed order",
            properties: [
                PropertyDefinition(id: "cl_price", name: "Price", type: .number),
                PropertyDefinition(id: "cl_url", name: "Link", type: .url),
            ],
            system: false, createdAt: Fixture.now, updatedAt: Fixture.now))
    }

    @Test func optionalFieldsDefaultToNothing() throws {
        let definition = try create(#"{"id":"cl_signup","name":"Signup","direction":"outbound"}"#)
        #expect(definition.score == 0)
        #expect(definition.stage == nil)
        #expect(definition.group == nil)
        #expect(definition.description == nil)
        #expect(definition.properties.isEmpty)
    }

    // MARK: Ids

    @Test(arguments: ["cl_a", "cl_0", "cl__", "cl_purchase_2", "cl_" + String(repeating: "z", count: 60)])
    func customIDMatchingTheRuleIsAccepted(id: String) throws {
        #expect(EventDefinition.isCustomID(id))
        #expect(try create(#"{"id":"\#(id)","name":"N","direction":"inbound"}"#).id == id)
    }

    @Test(arguments: [
        "", "cl_", "cl", "purchase", "CL_a", "cl_A", "Cl_a", "cl-a", "cl_a-b", "cl_a.b", "cl_a b", " cl_a", "cl_a ",
        "cl_é", "cl_a\n", "message_read", "xcl_a", "cl_" + String(repeating: "z", count: 61),
    ])
    func customIDBreakingTheRuleIsRejectedAtID(id: String) throws {
        #expect(!EventDefinition.isCustomID(id))
        #expect(try failedFields(#"{"id":\#(JSONWriter.string(.string(id))),"name":"N","direction":"inbound"}"#) == ["id"])
    }

    @Test(arguments: ["cl_ok", "cl_" + String(repeating: "9", count: 60)])
    func propertyIDMatchingTheRuleIsAccepted(id: String) throws {
        let definition = try create(#"{"id":"cl_e","name":"E","direction":"inbound","properties":[{"id":"\#(id)","name":"P","type":"string"}]}"#)
        #expect(definition.properties.map(\.id) == [id])
    }

    @Test(arguments: ["price", "cl_", "cl_Price", "channel", "cl_" + String(repeating: "9", count: 61)])
    func propertyIDBreakingTheRuleIsRejectedAtItsPath(id: String) throws {
        let fields = try failedFields(#"""
            {"id":"cl_e","name":"E","direction":"inbound",
             "properties":[{"id":"cl_ok","name":"P","type":"string"},{"id":"\#(id)","name":"P","type":"string"}]}
            """#)
        #expect(fields == ["properties[1].id"])
    }

    @Test func idOfTheWrongTypeIsRejected() throws {
        #expect(try failedFields(#"{"id":5,"name":"N","direction":"inbound"}"#) == ["id"])
    }

    // MARK: Score and direction

    @Test func outboundDefinitionWithAScoreIsRejectedAtScore() throws {
        let error = #expect(throws: ValidationFailure.self) {
            try create(#"{"id":"cl_sent","name":"Sent","direction":"outbound","score":5}"#)
        }
        #expect(error?.fields == ["score"])
    }

    @Test func outboundDefinitionWithScoreZeroIsAccepted() throws {
        #expect(try create(#"{"id":"cl_sent","name":"Sent","direction":"outbound","score":0}"#).direction == .outbound)
    }

    @Test(arguments: [-1_000_000, -1, 1, 1_000_000])
    func inboundDefinitionMayScoreWithinRange(score: Int) throws {
        #expect(try create(#"{"id":"cl_in","name":"In","direction":"inbound","score":\#(score)}"#).score == score)
    }

    @Test(arguments: ["1000001", "-1000001", "1.5", "\"5\"", "true"])
    func scoreThatIsNotAnIntegerInRangeIsRejected(score: String) throws {
        #expect(try failedFields(#"{"id":"cl_in","name":"In","direction":"inbound","score":\#(score)}"#) == ["score"])
    }

    @Test(arguments: ["\"Inbound\"", "\"both\"", "\"\"", "1"])
    func unknownDirectionIsRejected(direction: String) throws {
        #expect(try failedFields(#"{"id":"cl_in","name":"In","direction":\#(direction)}"#) == ["direction"])
    }

    // MARK: Required and unknown fields

    @Test func everyMissingRequiredFieldIsReported() throws {
        #expect(try Set(failedFields("{}")) == ["id", "name", "direction"])
    }

    @Test(arguments: [#""""#, #""   ""#, #""\n\t""#])
    func blankNameIsRejected(name: String) throws {
        #expect(try failedFields(#"{"id":"cl_a","name":\#(name),"direction":"inbound"}"#) == ["name"])
    }

    @Test func unknownFieldIsRejectedByName() throws {
        #expect(try failedFields(#"{"id":"cl_a","name":"A","direction":"inbound","colour":"red"}"#) == ["colour"])
    }

    @Test func systemFieldIsUnknownToCreate() throws {
        #expect(try failedFields(#"{"id":"cl_a","name":"A","direction":"inbound","system":true}"#) == ["system"])
    }

    @Test func bodyThatIsNotAnObjectIsRejected() throws {
        #expect(try failedFields(#"["cl_a"]"#) == ["$"])
    }

    @Test func everyBrokenRuleIsReportedTogether() throws {
        let fields = try failedFields(#"""
            {"id":"Purchase","name":"","direction":"sideways","score":"high","extra":1,
             "properties":[{"id":"cl_p","name":"P","type":"money"}]}
            """#)
        #expect(Set(fields) == ["id", "name", "direction", "score", "extra", "properties[0].type"])
    }

    // MARK: Properties

    @Test func duplicatePropertyIDIsRejectedAtTheSecondDeclaration() throws {
        let fields = try failedFields(#"""
            {"id":"cl_e","name":"E","direction":"inbound","properties":[
              {"id":"cl_p","name":"P","type":"string"},{"id":"cl_p","name":"Q","type":"number"}]}
            """#)
        #expect(fields == ["properties[1].id"])
    }

    @Test(arguments: ["money", "String", "", "integer"])
    func unknownPropertyTypeIsRejectedAtItsPath(type: String) throws {
        let fields = try failedFields(#"""
            {"id":"cl_e","name":"E","direction":"inbound","properties":[
              {"id":"cl_a","name":"A","type":"string"},{"id":"cl_b","name":"B","type":"\#(type)"}]}
            """#)
        #expect(fields == ["properties[1].type"])
    }

    @Test(arguments: PropertyType.allCases)
    func everyPropertyTypeCanBeDeclared(type: PropertyType) throws {
        let definition = try create(#"{"id":"cl_e","name":"E","direction":"inbound","properties":[{"id":"cl_a","name":"A","type":"\#(type.rawValue)"}]}"#)
        #expect(definition.properties == [PropertyDefinition(id: "cl_a", name: "A", type: type)])
    }

    @Test func missingPropertyFieldsAreReportedAtTheirPaths() throws {
        let fields = try failedFields(#"{"id":"cl_e","name":"E","direction":"inbound","properties":[{}]}"#)
        #expect(Set(fields) == ["properties[0].id", "properties[0].name", "properties[0].type"])
    }

    @Test func propertyNameIsTrimmed() throws {
        let definition = try create(#"{"id":"cl_e","name":"E","direction":"inbound","properties":[{"id":"cl_a","name":"  Amount\n","type":"number"}]}"#)
        #expect(definition.properties.map(\.name) == ["Amount"])
    }

    @Test func blankPropertyNameIsRejectedAtItsPath() throws {
        let fields = try failedFields(#"{"id":"cl_e","name":"E","direction":"inbound","properties":[{"id":"cl_a","name":"  ","type":"number"}]}"#)
        #expect(fields == ["properties[0].name"])
    }

    @Test func unknownPropertyFieldIsRejectedAtItsPath() throws {
        let fields = try failedFields(#"""
            {"id":"cl_e","name":"E","direction":"inbound","properties":[{"id":"cl_a","name":"A","type":"url","required":true}]}
            """#)
        #expect(fields == ["properties[0].required"])
    }

    @Test func propertyThatIsNotAnObjectIsRejectedAtItsIndex() throws {
        let fields = try failedFields(#"{"id":"cl_e","name":"E","direction":"inbound","properties":[{"id":"cl_a","name":"A","type":"url"},"cl_b"]}"#)
        #expect(fields == ["properties[1]"])
    }

    @Test func propertiesThatAreNotAnArrayAreRejected() throws {
        #expect(try failedFields(#"{"id":"cl_e","name":"E","direction":"inbound","properties":{}}"#) == ["properties"])
    }

    @Test func oneHundredPropertiesAreAccepted() throws {
        let properties = (0..<100).map { #"{"id":"cl_p\#($0)","name":"P","type":"string"}"# }.joined(separator: ",")
        let definition = try create(#"{"id":"cl_e","name":"E","direction":"inbound","properties":[\#(properties)]}"#)
        #expect(definition.properties.count == 100)
    }

    @Test func moreThanOneHundredPropertiesAreRejected() throws {
        let properties = (0..<101).map { #"{"id":"cl_p\#($0)","name":"P","type":"string"}"# }.joined(separator: ",")
        #expect(try failedFields(#"{"id":"cl_e","name":"E","direction":"inbound","properties":[\#(properties)]}"#) == ["properties"])
    }
}
