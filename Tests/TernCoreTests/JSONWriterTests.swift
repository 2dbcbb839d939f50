import Testing
import TernCore

struct JSONWriterTests {
    @Test func writesCompactTextWithSortedKeys() {
        let value = JSONValue.object([
            "b": .number("1"), "a": .array([.bool(true), .null, .bool(false)]), "c": .object(["z": .string("x"), "y": .array([])]),
        ])
        #expect(JSONWriter.string(value) == #"{"a":[true,null,false],"b":1,"c":{"y":[],"z":"x"}}"#)
    }

    @Test func numbersAreWrittenAsTheirLiteralText() {
        #expect(JSONWriter.string(.array([.number("12.50"), .number("-0"), .number("1E+2")])) == "[12.50,-0,1E+2]")
    }

    @Test func quoteAndBackslashAreEscaped() {
        #expect(JSONWriter.string(.string(#"say "hi" \o/"#)) == #""say \"hi\" \\o/""#)
    }

    @Test func commonControlCharactersUseShortEscapes() {
        #expect(JSONWriter.string(.string("a\nb\rc\td")) == #""a\nb\rc\td""#)
    }

    @Test func otherControlCharactersUseUnicodeEscapes() {
        #expect(JSONWriter.string(.string("\u{0}\u{08}\u{0C}\u{1F}")) == #""\u0000\u0008\u000c\u001f""#)
    }

    @Test func everyControlCharacterIsEscapedAndReadsBack() throws {
        for value in UInt32(0)...0x1F {
            let scalar = try #require(Unicode.Scalar(value))
            let text = "<\(Character(scalar))>"
            let written = JSONWriter.string(.string(text))
            #expect(!written.unicodeScalars.contains { $0.value < 0x20 }, "U+\(value) written raw")
            #expect(try JSONParser.parse(written) == .string(text))
        }
    }

    @Test func lineAndParagraphSeparatorsAreEscaped() {
        #expect(JSONWriter.string(.string("\u{2028}\u{2029}")) == #""\u2028\u2029""#)
    }

    /// Their neighbours share the first byte (E2) and are written as they are, also in a string
    /// that needs other escapes.
    @Test func charactersSharingTheSeparatorsFirstByteAreWrittenAsIs() {
        #expect(JSONWriter.string(.string("\"€\u{2027}\u{2028}\u{202A}∑")) == "\"\\\"€\u{2027}\\u2028\u{202A}∑\"")
    }

    @Test func nonASCIITextIsWrittenAsIs() {
        #expect(JSONWriter.string(.string("é😀")) == "\"é😀\"")
    }

    @Test func keysAreEscapedLikeStrings() throws {
        let value = JSONValue.object(["a\"b\n": .null])
        #expect(JSONWriter.string(value) == #"{"a\"b\n":null}"#)
        #expect(try JSONParser.parse(JSONWriter.string(value)) == value)
    }

    @Test func handWrittenDocumentRoundTrips() throws {
        let text = #"{"name":"Ada \"Countess\" \u00e9\ud83d\ude00","n":[0,-1.5e3,12.50],"ok":true,"none":null,"x":{"y":{"z":[[]]}}}"#
        let value = try JSONParser.parse(text)
        #expect(try JSONParser.parse(JSONWriter.string(value)) == value)
    }

    @Test func randomValuesRoundTripThroughWriterAndParser() throws {
        var generator = SeededGenerator(seed: 0x7E57)
        for _ in 0..<300 {
            let value = randomValue(depth: 0, using: &generator)
            let written = JSONWriter.string(value)
            #expect(try JSONParser.parse(written) == value, "\(written)")
        }
    }

    @Test func byteCountIsWhatTheWriterWrites() {
        var generator = SeededGenerator(seed: 0xB17E)
        for _ in 0..<500 {
            let value = randomValue(depth: 0, using: &generator)
            let written = JSONWriter.string(value)
            #expect(JSONWriter.byteCount(of: value) == written.utf8.count, "\(written)")
        }
    }

    @Test func writingIsDeterministicForEqualValues() throws {
        let a = try JSONParser.parse(#"{"x":1,"y":2,"z":{"b":1,"a":2}}"#)
        let b = try JSONParser.parse(#"{"z":{"a":2,"b":1},"y":2,"x":1}"#)
        #expect(JSONWriter.string(a) == JSONWriter.string(b))
    }

    private func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
        let kind = Int.random(in: 0..<(depth < 4 ? 7 : 5), using: &generator)
        switch kind {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .number(randomNumberLiteral(using: &generator))
        case 3, 4: return .string(randomString(using: &generator))
        case 5:
            return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            var members: JSONObject = [:]
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                members[randomString(using: &generator)] = randomValue(depth: depth + 1, using: &generator)
            }
            return .object(members)
        }
    }

    private func randomNumberLiteral(using generator: inout SeededGenerator) -> String {
        var text = Bool.random(using: &generator) ? "-" : ""
        text += String(Int.random(in: 0...1_000_000, using: &generator))
        if Bool.random(using: &generator) { text += "." + String(Int.random(in: 0...999, using: &generator)) }
        if Int.random(in: 0..<4, using: &generator) == 0 { text += "e" + String(Int.random(in: -20...20, using: &generator)) }
        return text
    }

    private func randomString(using generator: inout SeededGenerator) -> String {
        // Control characters, escapes, separators (and U+2026, which starts with the same byte),
        // multi-byte and astral scalars all turn up.
        let pool: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}",
                                      "\u{7F}", "é", "\u{2028}", "\u{2029}", "\u{2026}", "日", "😀", "\u{10FFFF}", "\u{FEFF}"]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...8, using: &generator) { scalars.append(pool.randomElement(using: &generator)!) }
        return String(scalars)
    }
}
