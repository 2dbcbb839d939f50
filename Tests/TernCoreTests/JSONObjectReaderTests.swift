import Testing
import TernCore

struct JSONObjectReaderTests {
    @Test func nonObjectAtTheRootIsReportedAtDollar() {
        let error = #expect(throws: ValidationFailure.self) { try JSONObjectReader(.array([])) }
        #expect(error?.fields == ["$"])
    }

    @Test func nonObjectIsReportedAtItsPath() {
        let error = #expect(throws: ValidationFailure.self) { try JSONObjectReader(.string("x"), at: FieldPath("events").index(3)) }
        #expect(error?.fields == ["events[3]"])
    }

    @Test func missingRequiredMemberIsReported() throws {
        var reader = try JSONObjectReader(try json("{}"))
        #expect(reader.string("name", required: true) == nil)
        #expect(reader.errors == [FieldError(field: "name", message: "is required")])
    }

    @Test func nullCountsAsAbsent() throws {
        var reader = try JSONObjectReader(try json(#"{"name":null}"#))
        #expect(reader.string("name", required: true) == nil)
        #expect(reader.isPresent("name"))
        #expect(reader.errors.map(\.field) == ["name"])
    }

    @Test func stringLongerThanTheLimitIsReported() throws {
        var reader = try JSONObjectReader(try json(#"{"a":"12345","b":"1234"}"#))
        #expect(reader.string("a", maxLength: 4) == nil)
        #expect(reader.string("b", maxLength: 4) == "1234")
        #expect(reader.errors.map(\.field) == ["a"])
    }

    @Test(arguments: [#"{"n":1.5}"#, #"{"n":1e2}"#, #"{"n":"3"}"#, #"{"n":11}"#, #"{"n":-11}"#])
    func integerOutsideItsRangeOrNotAnIntegerIsReported(text: String) throws {
        var reader = try JSONObjectReader(try json(text))
        #expect(reader.integer("n", range: -10...10) == nil)
        #expect(reader.errors.map(\.field) == ["n"])
    }

    @Test func memberOfTheWrongTypeIsReported() throws {
        var reader = try JSONObjectReader(try json(#"{"s":1,"b":"yes","a":{},"o":[]}"#))
        #expect(reader.string("s") == nil)
        #expect(reader.bool("b") == nil)
        #expect(reader.array("a") == nil)
        #expect(reader.object("o") == nil)
        #expect(reader.errors.map(\.field) == ["s", "b", "a", "o"])
    }

    @Test func membersNobodyAskedForAreReportedInNameOrder() throws {
        var reader = try JSONObjectReader(try json(#"{"known":1,"zeta":2,"alpha":3}"#), at: FieldPath("events").index(1))
        _ = reader.value("known")
        reader.rejectUnknownMembers()
        #expect(reader.errors.map(\.field) == ["events[1].alpha", "events[1].zeta"])
    }

    @Test func checkThrowsEveryCollectedError() throws {
        var reader = try JSONObjectReader(try json(#"{"x":1}"#))
        _ = reader.string("a", required: true)
        reader.rejectUnknownMembers()
        let error = #expect(throws: ValidationFailure.self) { try reader.check() }
        #expect(error?.fields == ["a", "x"])
    }

    @Test func fieldPathJoinsMembersWithDotsAndIndexesWithBrackets() {
        let path = FieldPath("events").index(3).member("properties").member("cl_price")
        #expect(path.description == "events[3].properties.cl_price")
        #expect(FieldPath().member("score").description == "score")
        #expect(FieldPath().member("properties").index(1)("type") == "properties[1].type")
    }
}
