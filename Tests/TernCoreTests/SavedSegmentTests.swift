import TernCore
import Testing

/// Reading saved segments from request bodies, and their ids.
@Suite struct SavedSegmentTests {
    static let context = AudienceContext(definitions: [Fixture.purchase])
    static let did = #"{"did": {"event": "cl_purchase", "within": {"days": 30}}}"#

    static func createFailure(_ text: String) throws -> [String] {
        let body = try json(text)
        do {
            _ = try SavedSegment.create(from: body, context: context, now: Fixture.now)
            return []
        } catch {
            return error.fields
        }
    }

    static func segment() throws -> SavedSegment {
        try SavedSegment.create(from: try json(#"{"name": "Buyers", "filter": \#(did)}"#), context: context, now: Fixture.now)
    }

    @Test func aSegmentKeepsItsFilterAsWrittenAndATrimmedName() throws {
        let body = try json(#"{"name": "  Big buyers ", "description": "Paid over 12.50", "filter": {"did": {"event": "cl_purchase", "where": [{"property": "cl_price", "op": "gt", "value": 12.50}]}}}"#)
        let segment = try SavedSegment.create(from: body, context: Self.context, now: Fixture.now)
        #expect(segment.name == "Big buyers")
        #expect(segment.description == "Paid over 12.50")
        #expect(segment.filter == body["filter"])
        #expect(JSONWriter.string(segment.filter).contains("12.50"))
        #expect(segment.createdAt == Fixture.now && segment.updatedAt == Fixture.now)
    }

    @Test func theFilterIsCheckedAsSearchChecksIt() throws {
        let filter = #"{"all": [{"tag": "a"}, {"did": {"event": "cl_purchase", "where": [{"property": "cl_sku", "op": "gt", "value": "x"}]}}]}"#
        #expect(try Self.createFailure(#"{"name": "A", "filter": \#(filter)}"#) == ["filter.all[1].did.where[0].op"])
        #expect(try Self.createFailure(#"{"name": "A", "filter": {"did": {"event": "cl_nope"}}}"#) == ["filter.did.event"])
        #expect(try Self.createFailure(#"{"name": "A", "filter": {"stage": {"eq": "astronaut"}}}"#) == ["filter.stage.eq"])
    }

    @Test func nameAndFilterAreRequiredAndUnknownFieldsRejected() throws {
        #expect(Set(try Self.createFailure("{}")) == ["name", "filter"])
        #expect(Set(try Self.createFailure(#"{"name": "  ", "filter": null}"#)) == ["name", "filter"])
        #expect(try Self.createFailure(#"{"name": "A", "filter": \#(Self.did), "id": "sg_1", "members": []}"#) == ["id", "members"])
        #expect(try Self.createFailure(#"{"name": "\#(String(repeating: "é", count: 101))", "filter": \#(Self.did)}"#) == ["name"])
        #expect(try Self.createFailure(#"{"name": "A", "description": 5, "filter": \#(Self.did)}"#) == ["description"])
    }

    @Test func aPatchChangesOnlyWhatItNames() throws {
        let segment = try Self.segment()
        let renamed = try segment.patched(with: try json(#"{"name": "Customers", "description": "x"}"#), context: Self.context, now: Fixture.now + 1)
        #expect(renamed.name == "Customers" && renamed.description == "x" && renamed.filter == segment.filter)
        #expect(renamed.updatedAt == Fixture.now + 1 && renamed.createdAt == Fixture.now)
        let refiltered = try renamed.patched(with: try json(#"{"filter": {"tag": "shoes"}, "description": null}"#), context: Self.context, now: Fixture.now)
        #expect(refiltered.filter == .object(["tag": .string("shoes")]))
        #expect(refiltered.description == nil && refiltered.name == "Customers")
    }

    @Test func aPatchCannotRemoveTheNameOrFilterNorSaveABadFilter() throws {
        let segment = try Self.segment()
        func fields(_ text: String) throws -> [String] {
            let body = try json(text)
            do {
                _ = try segment.patched(with: body, context: Self.context, now: Fixture.now)
                return []
            } catch {
                return error.fields
            }
        }
        #expect(Set(try fields(#"{"name": null, "filter": null}"#)) == ["name", "filter"])
        #expect(try fields(#"{"filter": {"did": {"event": "cl_nope"}}}"#) == ["filter.did.event"])
        #expect(try fields(#"{"color": "red"}"#) == ["color"])
    }

    @Test func aFilterThatNoLongerFitsCanStillBeRenamed() throws {
        let segment = try Self.segment()
        let withoutPurchase = AudienceContext(definitions: [])
        #expect(throws: ValidationFailure(field: "filter.did.event", message: "no event definition \"cl_purchase\"")) {
            try segment.currentFilter(context: withoutPurchase)
        }
        let renamed = try segment.patched(with: try json(#"{"name": "Old buyers"}"#), context: withoutPurchase, now: Fixture.now)
        #expect(renamed.name == "Old buyers")
    }

    @Test func segmentIdsHaveOneSpelling() {
        #expect(SavedSegmentID.format(7) == "sg_7")
        #expect(SavedSegmentID.parse("sg_7") == 7)
        for bad in ["sg_0", "sg_07", "sg_+7", "sg_-7", "sg_", "7", "grp_7", "sg_99999999999999999999", "SG_7"] {
            #expect(SavedSegmentID.parse(bad) == nil, "\(bad)")
        }
    }
}
