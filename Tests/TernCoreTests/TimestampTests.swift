import Foundation
import Testing
import TernCore

struct TimestampTests {
    /// Instants and their epoch seconds as printed by `date -u -d <instant> +%s`.
    static let knownInstants: [(String, Int64)] = [
        ("1970-01-01T00:00:00Z", 0),
        ("1970-01-02T00:00:00Z", 86_400),
        ("1999-12-31T23:59:59Z", 946_684_799),
        ("2000-01-01T00:00:00Z", 946_684_800),
        ("2000-02-29T12:34:56Z", 951_827_696),
        ("2024-02-29T00:00:00Z", 1_709_164_800),
        ("2026-11-25T09:00:00Z", 1_795_597_200),
        ("2038-01-19T03:14:08Z", 2_147_483_648),
        ("2100-03-01T00:00:00Z", 4_107_542_400),
        ("9999-12-31T23:59:59Z", 253_402_300_799),
    ]

    // MARK: Parsing

    @Test(arguments: knownInstants)
    func parsesKnownInstantToIndependentlyComputedMillis(text: String, epochSeconds: Int64) {
        #expect(Timestamp.parseISO8601(text) == epochSeconds * 1000)
    }

    @Test(arguments: [
        "2000-01-01T00:00:00Z", "2000-01-01T00:00:00z", "2000-01-01t00:00:00Z", "2000-01-01T00:00:00+00:00",
        "2000-01-01T00:00:00-00:00", "2000-01-01T00:00:00+0000", "2000-01-01T01:00:00+01:00",
        "2000-01-01T01:00:00+0100", "1999-12-31T19:30:00-04:30", "1999-12-31T19:30:00-0430",
        "2000-01-01T05:45:00+05:45", "1999-12-31T10:00:00-14:00",
    ])
    func everyOffsetFormNamesTheSameInstant(text: String) {
        #expect(Timestamp.parseISO8601(text) == 946_684_800_000)
    }

    @Test(arguments: [(".5", Int64(500)), (".05", 50), (".005", 5), (".123", 123), (".1", 100), (".000", 0)])
    func fractionOfUpToThreeDigitsIsMilliseconds(fraction: String, millis: Int64) {
        #expect(Timestamp.parseISO8601("2000-01-01T00:00:00\(fraction)Z") == 946_684_800_000 + millis)
    }

    @Test(arguments: [(".9999", Int64(999)), (".1239", 123), (".999999999", 999), (".0009", 0), (".1234567890123", 123)])
    func fractionBeyondMillisecondsIsTruncatedNotRounded(fraction: String, millis: Int64) {
        #expect(Timestamp.parseISO8601("2000-01-01T00:00:00\(fraction)+00:00") == 946_684_800_000 + millis)
    }

    @Test func fractionAndOffsetCombine() {
        // 2026-11-25T10:00:00.5+01:00 is 09:00:00.5 UTC.
        #expect(Timestamp.parseISO8601("2026-11-25T10:00:00.5+01:00") == 1_795_597_200_500)
    }

    @Test(arguments: ["2000-01-01T00:00:00", "2000-01-01T00:00:00.000", "2000-01-01T00:00:00.123456"])
    func timeWithoutOffsetIsRejected(text: String) {
        #expect(Timestamp.parseISO8601(text) == nil)
    }

    @Test(arguments: [
        "2001-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2200-02-29T00:00:00Z", "2000-02-30T00:00:00Z", "2024-02-30T00:00:00Z",
        "2000-04-31T00:00:00Z", "2000-06-31T00:00:00Z", "2000-09-31T00:00:00Z", "2000-11-31T00:00:00Z",
        "2000-01-32T00:00:00Z", "2000-13-01T00:00:00Z", "2000-00-01T00:00:00Z", "2000-01-00T00:00:00Z",
        "2000-01-01T24:00:00Z", "2000-01-01T00:60:00Z", "2000-01-01T00:00:60Z",
    ])
    func impossibleDateOrTimeIsRejected(text: String) {
        #expect(Timestamp.parseISO8601(text) == nil)
    }

    @Test(arguments: ["2000-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2400-02-29T00:00:00Z"])
    func leapDayOfLeapYearIsAccepted(text: String) {
        #expect(Timestamp.parseISO8601(text) != nil)
    }

    @Test(arguments: [
        "1969-12-31T23:59:59.999Z", "1970-01-01T00:30:00+01:00", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999-00:01", "9999-12-31T23:59:59-23:59",
    ])
    func instantOutsideTheSupportedRangeIsRejected(text: String) {
        #expect(Timestamp.parseISO8601(text) == nil)
    }

    @Test func firstAndLastSupportedInstantsAreAccepted() {
        #expect(Timestamp.parseISO8601("1970-01-01T00:00:00.000Z") == 0)
        #expect(Timestamp.parseISO8601("9999-12-31T23:59:59.999Z") == 253_402_300_799_999)
        #expect(Timestamp.maximum == 253_402_300_799_999)
    }

    @Test(arguments: [
        "", "2000-01-01", "2000-1-01T00:00:00Z", "2000-01-1T00:00:00Z", "2000-01-01 00:00:00Z",
        "20000-01-01T00:00:00Z", "2000-01-01T00:00Z", "2000-01-01T0:00:00Z", "2000/01/01T00:00:00Z",
        "2000-01-01T00:00:00+01", "2000-01-01T00:00:00+1:00", "2000-01-01T00:00:00+01:0", "2000-01-01T00:00:00+24:00",
        "2000-01-01T00:00:00+01:60", "2000-01-01T00:00:00+01:00:00", "2000-01-01T00:00:00.Z", "2000-01-01T00:00:00,5Z",
        "2000-01-01T00:00:00ZZ", "2000-01-01T00:00:00Z ", " 2000-01-01T00:00:00Z", "2000-01-01T00:00:00UTC",
        "+2000-01-01T00:00:00Z", "２０００-01-01T00:00:00Z", "2000-01-01T00:00:00.5.5Z",
    ])
    func malformedTextIsRejected(text: String) {
        #expect(Timestamp.parseISO8601(text) == nil)
    }

    // MARK: Formatting

    @Test(arguments: knownInstants)
    func formatsKnownInstantAsUTCWithMilliseconds(text: String, epochSeconds: Int64) {
        let expected = text.replacingOccurrences(of: "Z", with: ".000Z")
        #expect(Timestamp.iso8601(epochSeconds * 1000) == expected)
    }

    @Test func formatsMillisecondsWithThreeDigits() {
        #expect(Timestamp.iso8601(951_827_696_007) == "2000-02-29T12:34:56.007Z")
        #expect(Timestamp.iso8601(951_827_696_789) == "2000-02-29T12:34:56.789Z")
        #expect(Timestamp.iso8601(253_402_300_799_999) == "9999-12-31T23:59:59.999Z")
    }

    @Test func formattingThenParsingGivesBackRandomMillis() {
        var generator = SeededGenerator(seed: 8601)
        for _ in 0..<5_000 {
            let millis = Int64.random(in: 0...Timestamp.maximum, using: &generator)
            let text = Timestamp.iso8601(millis)
            #expect(Timestamp.parseISO8601(text) == millis, "\(millis) formatted as \(text)")
        }
    }

    @Test func formattingAgreesWithFoundationCalendarForRandomMillis() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var generator = SeededGenerator(seed: 1970)
        for _ in 0..<1_000 {
            let millis = Int64.random(in: 0...Timestamp.maximum, using: &generator)
            let date = Date(timeIntervalSince1970: TimeInterval(millis / 1000))
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            func digits(_ value: Int?, _ width: Int) -> String {
                let text = value.map(String.init) ?? "?"
                return String(repeating: "0", count: max(0, width - text.count)) + text
            }
            let expected = "\(digits(c.year, 4))-\(digits(c.month, 2))-\(digits(c.day, 2))T"
                + "\(digits(c.hour, 2)):\(digits(c.minute, 2)):\(digits(c.second, 2)).\(digits(Int(millis % 1000), 3))Z"
            #expect(Timestamp.iso8601(millis) == expected, "\(millis)")
        }
    }

    @Test func parsingWithAnOffsetAgreesWithParsingTheUTCForm() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<1_000 {
            let millis = Int64.random(in: Fixture.hour * 24...Timestamp.maximum - Fixture.hour * 24, using: &generator)
            let offsetMinutes = Int64.random(in: -(23 * 60 + 59)...(23 * 60 + 59), using: &generator)
            // The local wall-clock time is UTC plus the offset.
            let local = Timestamp.iso8601(millis + offsetMinutes * 60_000).dropLast()
            let sign = offsetMinutes < 0 ? "-" : "+"
            let h = abs(offsetMinutes) / 60, m = abs(offsetMinutes) % 60
            let offset = sign + (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
            #expect(Timestamp.parseISO8601(local + offset) == millis, "\(local)\(offset)")
        }
    }

    // MARK: Reading JSON values

    @Test func fromAcceptsEpochMillisecondsInteger() {
        #expect(Timestamp.from(.number("946684800000")) == 946_684_800_000)
        #expect(Timestamp.from(.number("0")) == 0)
        #expect(Timestamp.from(.number("253402300799999")) == 253_402_300_799_999)
    }

    @Test func fromAcceptsISOStringWithOffset() {
        #expect(Timestamp.from(.string("2000-01-01T01:00:00+01:00")) == 946_684_800_000)
    }

    @Test(arguments: [
        JSONValue.number("-1"), .number("946684800000.5"), .number("9.466848e11"), .number("253402300800000"),
        .number("99999999999999999999"), .string("2000-01-01T00:00:00"), .string("946684800000"), .bool(true), .null,
        .array([]), .object([:]),
    ])
    func fromRejectsAnythingElse(value: JSONValue) {
        #expect(Timestamp.from(value) == nil)
    }
}
