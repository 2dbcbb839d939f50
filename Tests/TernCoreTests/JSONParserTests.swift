import Testing
import TernCore

struct JSONParserTests {
    // MARK: Accepted documents

    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(#"{"n":null,"t":true,"f":false,"i":1,"s":"x","a":[1,"y"],"o":{"k":[]}}"#)
        #expect(value == .object([
            "n": .null,
            "t": .bool(true),
            "f": .bool(false),
            "i": .number("1"),
            "s": .string("x"),
            "a": .array([.number("1"), .string("y")]),
            "o": .object(["k": .array([])]),
        ]))
    }

    @Test func scalarAtTopLevelIsAccepted() throws {
        #expect(try JSONParser.parse("42") == .number("42"))
        #expect(try JSONParser.parse(#""hi""#) == .string("hi"))
        #expect(try JSONParser.parse("null") == .null)
    }

    @Test func whitespaceAroundTokensIsAllowed() throws {
        let value = try JSONParser.parse(" \t\r\n{ \"a\" :\n[ 1 , 2 ] } \n")
        #expect(value == .object(["a": .array([.number("1"), .number("2")])]))
    }

    @Test(arguments: ["0", "-0", "12.50", "1E+2", "1e-7", "-3.25e10", "123456789012345678901234567890"])
    func numberLiteralIsKeptAsItsText(literal: String) throws {
        #expect(try JSONParser.parse("[\(literal)]") == .array([.number(literal)]))
    }

    @Test func numberLiteralOf64CharactersIsAccepted() throws {
        let literal = String(repeating: "9", count: 64)
        #expect(try JSONParser.parse(literal) == .number(literal))
    }

    @Test func numberLiteralLongerThan64CharactersIsRejected() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(String(repeating: "9", count: 65)) }
    }

    // MARK: Nesting

    @Test(arguments: [("[", "]"), ("{\"k\":", "}")])
    func nestingOf32LevelsIsAccepted(open: String, close: String) throws {
        let text = String(repeating: open, count: 32) + "1" + String(repeating: close, count: 32)
        var value = try JSONParser.parse(text)
        var depth = 0
        while let inner = value.arrayValue?.first ?? value["k"] {
            value = inner
            depth += 1
        }
        #expect(depth == 32)
        #expect(value == .number("1"))
    }

    @Test(arguments: [("[", "]"), ("{\"k\":", "}")])
    func nestingOf33LevelsIsRejected(open: String, close: String) {
        let text = String(repeating: open, count: 33) + "1" + String(repeating: close, count: 33)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func mixedNestingDeeperThan32IsRejected() {
        let text = String(repeating: "[{\"k\":", count: 17) + "1" + String(repeating: "}]", count: 17)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func depthIsMeasuredAlongEachBranchNotAcrossSiblings() throws {
        // 40 siblings at depth 2 and one branch reaching exactly depth 32.
        let siblings = Array(repeating: "[]", count: 20) + Array(repeating: "{\"a\":[1]}", count: 20)
        let deep = String(repeating: "[", count: 31) + String(repeating: "]", count: 31)
        let value = try JSONParser.parse("[" + (siblings + [deep]).joined(separator: ",") + "]")
        #expect(value.arrayValue?.count == 41)
    }

    // MARK: Strings and escapes

    @Test func simpleEscapesDecode() throws {
        #expect(try JSONParser.parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
    }

    @Test func unicodeEscapesDecodeInEitherCase() throws {
        #expect(try JSONParser.parse(#""\u00e9\u00C9\u0041\u0000""#) == .string("éÉA\u{0}"))
    }

    @Test(arguments: [
        (#""\uD83D\uDE00""#, UInt32(0x1F600)),
        (#""\ud834\udd1e""#, UInt32(0x1D11E)),
        (#""\uD800\uDC00""#, UInt32(0x10000)),
        (#""\uDBFF\uDFFF""#, UInt32(0x10FFFF)),
    ])
    func surrogatePairDecodesToOneScalar(text: String, scalar: UInt32) throws {
        let decoded = try #require(try JSONParser.parse(text).stringValue)
        #expect(decoded.unicodeScalars.map(\.value) == [scalar])
    }

    @Test func surrogatePairBetweenOtherTextDecodes() throws {
        #expect(try JSONParser.parse(#""a\uD83D\uDE00b""#) == .string("a😀b"))
    }

    @Test func rawMultibyteUTF8IsKept() throws {
        #expect(try JSONParser.parse(#"{"clé":"héllo 😀 日本"}"#) == .object(["clé": .string("héllo 😀 日本")]))
    }

    @Test(arguments: [
        #""\uD800""#, #""\uDBFF""#, #""\uDC00""#, #""\uDFFF""#, #""\uD800x""#, #""\uD800\u0041""#,
        #""\uD800\n""#, #""\uDBFF\uDBFF""#, #""\uDC00\uD800""#,
    ])
    func loneSurrogateIsRejected(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test(arguments: [#""\x""#, #""\'""#, #""\a""#, #""\U0041""#, #""\u00G0""#, #""\u12""#, #""\u""#])
    func invalidEscapeIsRejected(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test(arguments: [UInt8(0x00), 0x01, 0x09, 0x0A, 0x0D, 0x1F])
    func rawControlCharacterInStringIsRejected(byte: UInt8) {
        let bytes = Array(#"{"a":"x"#.utf8) + [byte] + Array(#"y"}"#.utf8)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes) }
    }

    @Test func deleteCharacterIsNotAControlCharacterInJSON() throws {
        #expect(try JSONParser.parse([0x22, 0x7F, 0x22]) == .string("\u{7F}"))
    }

    @Test(arguments: [
        [UInt8(0xFF)],            // never valid
        [0x80],                   // continuation without a lead byte
        [0xC3],                   // truncated two-byte sequence
        [0xE2, 0x82],             // truncated three-byte sequence
        [0xC0, 0xAF],             // overlong "/"
        [0xED, 0xA0, 0x80],       // UTF-16 surrogate encoded in UTF-8
        [0xF4, 0x90, 0x80, 0x80], // beyond U+10FFFF
    ])
    func invalidUTF8InStringIsRejected(bad: [UInt8]) {
        let bytes = Array(#"["ok","a"#.utf8) + bad + Array(#"b"]"#.utf8)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes) }
    }

    @Test func invalidUTF8NextToAnEscapeIsRejected() {
        let bytes = Array(#""\n"#.utf8) + [0xC3] + Array(#"\t""#.utf8)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes) }
    }

    // MARK: Objects

    @Test func duplicateKeyIsRejected() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(#"{"a":1,"b":2,"a":3}"#) }
    }

    @Test func duplicateKeyWrittenWithAnEscapeIsRejected() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(#"{"a":1,"\u0061":1}"#) }
    }

    @Test func duplicateKeyInNestedObjectIsRejected() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(#"[{"x":{"a":null,"a":null}}]"#) }
    }

    /// Past 16 members repeats are found another way (a set of the keys): both ways, at either end.
    @Test(arguments: [2, 15, 16, 17, 40])
    func duplicateKeyAmongManyIsRejected(members: Int) throws {
        let keys = (0..<members).map { "k\($0)" }
        func object(_ keys: [String]) -> String { "{" + keys.map { #""\#($0)":0"# }.joined(separator: ",") + "}" }
        let parsed = try JSONParser.parse(object(keys))
        #expect(parsed.objectValue?.count == members)
        #expect(parsed["k\(members - 1)"] == .number("0"))
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(object(keys + ["k0"])) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(object(keys + ["k\(members - 1)"])) }
    }

    @Test func objectsWithTheSameMembersInAnotherOrderAreEqual() throws {
        let forward = try JSONParser.parse(#"{"a":1,"b":{"x":[],"y":null},"c":"s"}"#)
        #expect(forward == (try JSONParser.parse(#"{"c":"s","b":{"y":null,"x":[]},"a":1}"#)))
        #expect(forward != (try JSONParser.parse(#"{"c":"s","b":{"y":null,"x":[]},"a":2}"#)))
        #expect(forward != (try JSONParser.parse(#"{"c":"s","b":{"y":null,"x":[]},"d":1}"#)))
        #expect(forward != (try JSONParser.parse(#"{"c":"s","b":{"y":null,"x":[]}}"#)))
    }

    @Test func sameKeyInDifferentObjectsIsAccepted() throws {
        let value = try JSONParser.parse(#"[{"a":1},{"a":2}]"#)
        #expect(value == .array([.object(["a": .number("1")]), .object(["a": .number("2")])]))
    }

    // MARK: Rejected documents

    @Test(arguments: ["{} {}", "1 2", #""a"x"#, "[]]", "nullx", "0,", "01", "{}\u{0}", "[1] //"])
    func trailingDataIsRejected(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test(arguments: [
        "", " ", "{", #"{"a""#, #"{"a":"#, #"{"a":1"#, #"{"a":1,"#, "[", "[1", "[1,", #""abc"#, #""\"#,
        #""\u12"#, #""\uD83D\"#, "tru", "nul", "fals", "-", "1.", "1e", "1e+",
    ])
    func truncatedInputIsRejected(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test(arguments: [
        "'a'", "{a:1}", #"{"a" 1}"#, "[1,]", #"{"a":1,}"#, "+1", ".5", "1.e5", "--1", "0x10", "NaN",
        "Infinity", "[1 2]", "TRUE", "nil", #"{"a":1;"b":2}"#, "{1:2}", "[,1]",
    ])
    func textThatIsNotJSONIsRejected(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func invalidUTF8OutsideStringsIsRejected() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x5B, 0xC3, 0xA9, 0x5D]) }
    }

    // MARK: Error positions

    @Test func errorNamesLineAndColumnOfTheOffendingCharacter() {
        let error = #expect(throws: JSONSyntaxError.self) {
            try JSONParser.parse("{\n  \"a\": 1,\n  \"b\": x\n}")
        }
        #expect(error?.line == 3)
        #expect(error?.column == 8)
    }

    @Test func errorOnFirstCharacterIsLine1Column1() {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("x") }
        #expect(error?.line == 1)
        #expect(error?.column == 1)
    }

    @Test func errorColumnCountsCharactersNotBytes() {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(#"["é😀", x]"#) }
        #expect(error?.line == 1)
        #expect(error?.column == 8)
    }

    @Test func truncatedInputErrorPointsJustPastTheEnd() {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("[1,\n22") }
        #expect(error?.line == 2)
        #expect(error?.column == 3)
    }

    @Test func trailingDataErrorPointsAtTheTrailingData() {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("{}\n\n  []") }
        #expect(error?.line == 3)
        #expect(error?.column == 3)
    }

    @Test func errorDescriptionStatesLineAndColumn() {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("[\n  1,\n  ]") }
        #expect(error?.description.hasSuffix(" at line 3, column 3") == true)
    }
}
