import Testing
import TernCore

/// Changing definitions with `PATCH /v1/event-definitions/{id}` bodies.
struct DefinitionPatchTests {
    private let later = Fixture.now + 60_000

    private func patch(_ definition: EventDefinition, _ text: String) throws -> EventDefinition {
        try definition.patched(with: try json(text), now: later)
    }

    /// The fields named by the failure of applying `text`; empty if the patch succeeds.
    private func failedFields(_ definition: EventDefinition, _ text: String) throws -> [String] {
        let body = try json(text)
        do {
            _ = try definition.patched(with: body, now: later)
            return []
        } catch {
            return error.fields
        }
    }

    private func system(_ id: String) throws -> EventDefinition {
        try #require(SystemCatalog.definition(id))
    }

    // MARK: Custom definitions

    @Test func patchChangesOnlyTheGivenFields() throws {
        let patched = try patch(Fixture.purchase, #"{"name":"Order","score":3}"#)
        var expected = Fixture.purchase
        expected.name = "Order"
        expected.score = 3
        expected.updatedAt = later
        #expect(patched == expected)
    }

    @Test func patchStampsUpdatedAtAndKeepsCreatedAt() throws {
        let patched = try patch(Fixture.purchase, "{}")
        #expect(patched.updatedAt == later)
        #expect(patched.createdAt == Fixture.purchase.createdAt)
    }

    @Test func patchReplacesProperties() throws {
        let patched = try patch(Fixture.purchase, #"{"properties":[{"id":"cl_total","name":"Total","type":"number"}]}"#)
        #expect(patched.properties == [PropertyDefinition(id: "cl_total", name: "Total", type: .number)])
    }

    @Test func nullClearsOptionalText() throws {
        let patched = try patch(Fixture.purchase, #"{"stage":null,"group":null,"description":null}"#)
        #expect(patched.stage == nil)
        #expect(patched.group == nil)
        #expect(patched.description == nil)
    }

    @Test func sameIDInThePatchIsAllowed() throws {
        #expect(try patch(Fixture.purchase, #"{"id":"cl_purchase","name":"Order"}"#).name == "Order")
    }

    @Test(arguments: [#""cl_order""#, #""purchase""#, "5"])
    func differentIDIsRejected(id: String) throws {
        #expect(try failedFields(Fixture.purchase, #"{"id":\#(id)}"#) == ["id"])
    }

    @Test func idIsRejectedEvenAmongValidChanges() throws {
        #expect(try failedFields(Fixture.purchase, #"{"id":"cl_order","name":"Order","score":1}"#) == ["id"])
    }

    @Test func unknownFieldIsRejectedByName() throws {
        #expect(try failedFields(Fixture.purchase, #"{"name":"Order","colour":"red"}"#) == ["colour"])
    }

    @Test func scoreOnAnOutboundDefinitionIsRejected() throws {
        #expect(try failedFields(Fixture.reminder, #"{"score":1}"#) == ["score"])
    }

    @Test func turningAScoredDefinitionOutboundIsRejectedAtScore() throws {
        #expect(try failedFields(Fixture.purchase, #"{"direction":"outbound"}"#) == ["score"])
    }

    @Test func turningADefinitionOutboundWhileZeroingItsScoreIsAccepted() throws {
        let patched = try patch(Fixture.purchase, #"{"direction":"outbound","score":0}"#)
        #expect(patched.direction == .outbound)
        #expect(patched.score == 0)
    }

    @Test func duplicatePropertyIDInAPatchIsRejected() throws {
        let fields = try failedFields(Fixture.purchase, #"""
            {"properties":[{"id":"cl_a","name":"A","type":"url"},{"id":"cl_a","name":"B","type":"url"}]}
            """#)
        #expect(fields == ["properties[1].id"])
    }

    @Test func badPropertyTypeInAPatchIsRejectedAtItsPath() throws {
        let fields = try failedFields(Fixture.purchase, #"""
            {"properties":[{"id":"cl_a","name":"A","type":"url"},{"id":"cl_b","name":"B","type":"decimal"}]}
            """#)
        #expect(fields == ["properties[1].type"])
    }

    @Test func blankNameInAPatchIsRejected() throws {
        #expect(try failedFields(Fixture.purchase, #"{"name":"  "}"#) == ["name"])
    }

    // MARK: System definitions

    @Test func systemDefinitionAcceptsScoreAndStage() throws {
        let original = try system("message_read")
        let patched = try patch(original, #"{"score":4,"stage":"active"}"#)
        var expected = original
        expected.score = 4
        expected.stage = "active"
        expected.updatedAt = later
        #expect(patched == expected)
    }

    @Test(arguments: [
        ("name", #""Read""#), ("direction", #""outbound""#), ("group", #""Messages""#), ("description", #""x""#),
        ("properties", "[]"),
    ])
    func systemDefinitionRejectsEveryOtherField(field: String, value: String) throws {
        #expect(try failedFields(try system("message_read"), #"{"\#(field)":\#(value)}"#) == [field])
    }

    @Test func systemDefinitionRejectsAnIDChange() throws {
        #expect(try failedFields(try system("link_clicked"), #"{"id":"cl_link_clicked"}"#) == ["id"])
    }

    @Test func outboundSystemDefinitionRejectsAScore() throws {
        #expect(try failedFields(try system("contact_created"), #"{"score":1}"#) == ["score"])
    }

    @Test func systemDefinitionRejectsUnknownFields() throws {
        #expect(try failedFields(try system("page_viewed"), #"{"stage":"lead","priority":1}"#) == ["priority"])
    }

    @Test func everySystemDefinitionIsMarkedSystemAndHasNoCustomID() {
        for definition in SystemCatalog.definitions {
            #expect(definition.system, "\(definition.id)")
            #expect(!EventDefinition.isCustomID(definition.id), "\(definition.id)")
        }
    }

    @Test func systemCatalogOnlyScoresInboundEvents() {
        for definition in SystemCatalog.definitions where definition.direction == .outbound {
            #expect(definition.score == 0, "\(definition.id)")
        }
    }
}
