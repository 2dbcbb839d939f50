import Testing
import TernCore

struct PropertyValueTests {
    private func validate(_ json: JSONValue, as type: PropertyType) -> PropertyValue? {
        try? PropertyValue.validate(json, as: type).get()
    }

    // MARK: STRING

    @Test func stringOf255CharactersIsAccepted() {
        let text = String(repeating: "a", count: 255)
        #expect(validate(.string(text), as: .string) == .string(text))
    }

    @Test func stringOf256CharactersIsRejected() {
        let result = PropertyValue.validate(.string(String(repeating: "a", count: 256)), as: .string)
        #expect(result.failure == FieldMessage("is longer than 255 characters"))
    }

    @Test func stringLengthCountsCharactersNotBytes() {
        let text = String(repeating: "é", count: 255)
        #expect(text.utf8.count == 510)
        #expect(validate(.string(text), as: .string) == .string(text))
    }

    @Test func emptyStringIsAccepted() {
        #expect(validate(.string(""), as: .string) == .string(""))
    }

    @Test(arguments: [JSONValue.number("1"), .bool(true), .array([]), .object([:])])
    func stringPropertyRejectsOtherJSONTypes(value: JSONValue) {
        #expect(PropertyValue.validate(value, as: .string).failure != nil)
    }

    // MARK: NUMBER

    @Test(arguments: [
        ("12.5", Int64(125)), ("12", 120), ("12.50", 125), ("12.500000", 125), ("1e2", 1000), ("1E+2", 1000),
        ("1.25e1", 125), ("125e-1", 125), ("100e-3", 1), ("-0.5", -5), ("-12.5", -125), ("0", 0), ("-0", 0),
        ("0.0", 0), ("0.1", 1), ("007", 70), ("1e0", 10), ("10e-1", 10), ("0.05e1", 5),
    ])
    func numberWithAtMostOneDecimalIsStoredAsTenths(literal: String, tenths: Int64) {
        #expect(validate(.number(literal), as: .number) == .number(tenths: tenths))
    }

    @Test(arguments: ["12.55", "0.01", "1e-2", "1.25", "-0.05", "12.551e1", "1.23456789", "5e-100"])
    func numberWithMoreThanOneDecimalPlaceIsRejected(literal: String) {
        #expect(validate(.number(literal), as: .number) == nil)
    }

    @Test(arguments: ["0e-5", "0.00e-3", "-0e-1", "0e5"])
    func zeroWrittenWithAnExponentIsZero(literal: String) {
        #expect(validate(.number(literal), as: .number) == .number(tenths: 0))
    }

    @Test(arguments: ["99999999999999.9", "-99999999999999.9", "9.99999999999999e13"])
    func numberJustBelow10ToThe14IsAccepted(literal: String) {
        let value = validate(.number(literal), as: .number)
        #expect(value == .number(tenths: literal.hasPrefix("-") ? -999_999_999_999_999 : 999_999_999_999_999))
    }

    @Test(arguments: ["100000000000000", "-100000000000000", "1e14", "1e15", "1e16", "9999999999999999", "1e99", "1e100", "1e-100"])
    func numberOutsideTheRangeIsRejected(literal: String) {
        #expect(validate(.number(literal), as: .number) == nil)
    }

    @Test(arguments: [JSONValue.string("12.5"), .string("12"), .bool(false), .null, .array([.number("1")])])
    func numberPropertyRejectsOtherJSONTypes(value: JSONValue) {
        #expect(PropertyValue.validate(value, as: .number).failure != nil)
    }

    @Test func numberLiteralFromTheParserIsJudgedExactly() throws {
        // 12.55 has two decimals even though it is close to a one-decimal double.
        let parsed = try json(#"{"ok": 12.5, "bad": 12.55}"#)
        #expect(validate(try #require(parsed["ok"]), as: .number) == .number(tenths: 125))
        #expect(validate(try #require(parsed["bad"]), as: .number) == nil)
    }

    // MARK: TIMESTAMP

    @Test func timestampWithOffsetIsStoredAsUTCMillis() {
        #expect(validate(.string("2000-01-01T02:00:00+02:00"), as: .timestamp) == .timestamp(millis: 946_684_800_000))
    }

    @Test func timestampAsEpochMillisIsAccepted() {
        #expect(validate(.number("946684800000"), as: .timestamp) == .timestamp(millis: 946_684_800_000))
    }

    @Test(arguments: [JSONValue.string("2000-01-01T00:00:00"), .string("yesterday"), .number("1.5"), .bool(true)])
    func timestampPropertyRejectsAnythingElse(value: JSONValue) {
        #expect(PropertyValue.validate(value, as: .timestamp).failure != nil)
    }

    // MARK: URL

    @Test(arguments: [
        "http://example.com", "https://example.com", "https://example.com/path?q=1&r=2#frag", "HTTPS://EXAMPLE.COM",
        "Http://example.com", "hTTpS://example.com", "https://example.com:8080/x", "https://sub.example.co.uk",
        "http://localhost", "https://127.0.0.1/", "https://example.com?x", "https://bücher.example/ü",
    ])
    func webURLIsAccepted(url: String) {
        #expect(validate(.string(url), as: .url) == .url(url))
    }

    @Test(arguments: [
        "ftp://example.com", "http://", "https://", "javascript:alert(1)", "JavaScript://example.com",
        "http://exa mple.com", "https://example.com/a b", " https://example.com", "https://example.com ",
        "https://example.com\t", "https://example.com/\n", "https://example.com/\u{7F}", "example.com",
        "//example.com", "http:/example.com", "https:example.com", "http:///path", "https://?q=1", "https://#top",
        "mailto:ada@example.com", "data:text/html,hi", "", "https://example.com/\u{00A0}",
    ])
    func nonWebURLIsRejected(url: String) {
        #expect(validate(.string(url), as: .url) == nil)
    }

    @Test func urlOf2048BytesIsAcceptedAnd2049Rejected() {
        let prefix = "https://example.com/"
        let longest = prefix + String(repeating: "a", count: 2048 - prefix.utf8.count)
        #expect(validate(.string(longest), as: .url) == .url(longest))
        #expect(validate(.string(longest + "a"), as: .url) == nil)
    }

    @Test(arguments: [JSONValue.number("1"), .bool(true), .object(["href": .string("https://example.com")])])
    func urlPropertyRejectsNonStrings(value: JSONValue) {
        #expect(PropertyValue.validate(value, as: .url).failure != nil)
    }

    // MARK: Canonical form

    @Test(arguments: [
        (Int64(125), "12.5"), (120, "12"), (-5, "-0.5"), (-120, "-12"), (-125, "-12.5"), (0, "0"), (1, "0.1"),
        (999_999_999_999_999, "99999999999999.9"),
    ])
    func canonicalNumberIsDecimalText(tenths: Int64, text: String) {
        #expect(PropertyValue.number(tenths: tenths).canonicalJSON == .number(text))
    }

    @Test func canonicalNumberReadsBackAsTheSameTenths() {
        var generator = SeededGenerator(seed: 10)
        for _ in 0..<2_000 {
            let tenths = Int64.random(in: -999_999_999_999_999...999_999_999_999_999, using: &generator)
            let canonical = PropertyValue.number(tenths: tenths).canonicalJSON
            #expect(PropertyValue.validate(canonical, as: .number) == .success(.number(tenths: tenths)), "\(canonical)")
        }
    }

    @Test func canonicalTimestampIsISO8601UTC() {
        #expect(PropertyValue.timestamp(millis: 946_684_800_123).canonicalJSON == .string("2000-01-01T00:00:00.123Z"))
    }

    @Test func canonicalStringAndURLAreThemselves() {
        #expect(PropertyValue.string("Ada").canonicalJSON == .string("Ada"))
        #expect(PropertyValue.url("https://example.com").canonicalJSON == .string("https://example.com"))
    }

    // MARK: Stored form

    @Test func storedFormTagsTheType() {
        #expect(PropertyValue.string("a").storedJSON == .object(["s": .string("a")]))
        #expect(PropertyValue.number(tenths: -125).storedJSON == .object(["n": .number("-125")]))
        #expect(PropertyValue.timestamp(millis: 5).storedJSON == .object(["t": .number("5")]))
        #expect(PropertyValue.url("https://x.io").storedJSON == .object(["u": .string("https://x.io")]))
    }

    @Test(arguments: [
        PropertyValue.string(""), .string("héllo \"😀\"\n"), .number(tenths: 0), .number(tenths: Int64.max),
        .number(tenths: Int64.min), .timestamp(millis: 0), .timestamp(millis: 253_402_300_799_999), .url("https://example.com/?a=b"),
    ])
    func storedFormReadsBackEqual(value: PropertyValue) throws {
        #expect(PropertyValue(stored: value.storedJSON) == value)
        // Also through text, as the store keeps it.
        #expect(PropertyValue(stored: try JSONParser.parse(JSONWriter.string(value.storedJSON))) == value)
    }

    @Test(arguments: [
        JSONValue.object([:]), .object(["n": .string("125")]), .object(["n": .number("12.5")]), .object(["t": .string("x")]),
        .object(["s": .number("1")]), .object(["u": .null]), .object(["x": .string("a")]),
        .object(["s": .string("a"), "u": .string("b")]), .string("a"), .number("125"), .null,
    ])
    func malformedStoredFormIsRefused(stored: JSONValue) {
        #expect(PropertyValue(stored: stored) == nil)
    }

    @Test func storedPropertiesTextReadsBackEqual() {
        let properties: [String: PropertyValue] = [
            "cl_price": .number(tenths: 125), "cl_sku": .string("A-1"), "cl_paid_at": .timestamp(millis: 946_684_800_000),
            "cl_receipt": .url("https://example.com/r/1"),
        ]
        let event = RecordableEvent(event: "cl_purchase", time: 0, contact: ContactIdentity(id: 1), properties: properties, source: .api)
        #expect(StoredEvent.properties(fromStored: event.storedProperties) == properties)
    }

    @Test func storedPropertiesTextIsTheSortedTaggedObject() {
        let properties: [String: PropertyValue] = [
            "cl_z": .string("quote \" back\\slash \u{01} line\u{2028}"), "cl_a": .number(tenths: -125), "cl_m": .timestamp(millis: 7),
            "cl_é": .url("https://example.com/?q=\"x\""),
        ]
        let event = RecordableEvent(event: "cl_purchase", time: 0, contact: ContactIdentity(id: 1), properties: properties, source: .api)
        #expect(event.storedProperties == JSONWriter.string(.object(JSONObject(properties.mapValues(\.storedJSON)))))
        #expect(RecordableEvent(event: "cl_purchase", time: 0, contact: ContactIdentity(id: 1), source: .api).storedProperties == "{}")
    }

    @Test func unreadableStoredPropertiesTextGivesNoProperties() {
        #expect(StoredEvent.properties(fromStored: "not json").isEmpty)
        #expect(StoredEvent.properties(fromStored: "[]").isEmpty)
    }
}
