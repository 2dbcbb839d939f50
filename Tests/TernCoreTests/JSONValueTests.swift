import Testing
import TernCore

struct JSONValueTests {
    @Test(arguments: [
        (JSONValue.null, "null"), (.bool(true), "a boolean"), (.number("1"), "a number"), (.string("1"), "a string"),
        (.array([]), "an array"), (.object([:]), "an object"),
    ])
    func typeNameReadsNaturallyInMessages(value: JSONValue, name: String) {
        #expect(value.typeName == name)
    }

    @Test func accessorsReturnTheirOwnKindOnly() {
        let values: [JSONValue] = [.null, .bool(false), .number("1"), .string("s"), .array([.null]), .object(["k": .null])]
        #expect(values.compactMap(\.stringValue) == ["s"])
        #expect(values.compactMap(\.numberText) == ["1"])
        #expect(values.compactMap(\.arrayValue) == [[.null]])
        #expect(values.compactMap(\.objectValue) == [["k": .null]])
    }

    @Test func subscriptReadsObjectMembersOnly() {
        #expect(JSONValue.object(["k": .bool(true)])["k"] == .bool(true))
        #expect(JSONValue.object(["k": .bool(true)])["x"] == nil)
        #expect(JSONValue.array([.string("k")])["k"] == nil)
    }

    @Test func integerMakesANumberFromItsDecimalText() {
        #expect(JSONValue.integer(-125) == .number("-125"))
        #expect(JSONValue.integer(Int64.max) == .number("9223372036854775807"))
    }
}
