import Foundation
import TernCore
import Testing

@Suite struct AudienceFilterTests {
    static let context = AudienceContext(definitions: [
        EventDefinition(id: "cl_order_completed", name: "Order", direction: .inbound, properties: [
            PropertyDefinition(id: "cl_price", name: "Price", type: .number),
            PropertyDefinition(id: "cl_sku", name: "SKU", type: .string),
        ]),
    ])

    static func parse(_ text: String) throws(ValidationFailure) -> AudienceFilter {
        // Test input is valid JSON.
        let value = (try? JSONParser.parse(text)) ?? .null
        return try AudienceFilter.parse(value, at: FieldPath("filter"), context: context)
    }

    static func fields(_ text: String) -> [String] {
        do { _ = try parse(text); return [] } catch { return error.errors.map(\.field) }
    }

    @Test func aDidNodeWithWindowCountAndConditionsIsTyped() throws {
        let filter = try Self.parse(#"""
            {"all": [{"did": {"event": "cl_order_completed", "within": {"days": 30}, "count": {"gte": 3},
                              "where": [{"property": "cl_price", "op": "gt", "value": 12.5}]}},
                     {"not": {"tag": "shoes"}}]}
            """#)
        #expect(filter == .all([
            .did(DidCondition(event: "cl_order_completed", window: .last(millis: 30 * 86_400_000), count: CountCondition(gte: 3),
                              conditions: [PropertyCondition(property: "cl_price", op: .gt, values: [.number(tenths: 125)])])),
            .not(.tag("shoes")),
        ]))
    }

    @Test func aBadOperatorIsNamedByItsPath() {
        #expect(Self.fields(#"""
            {"all": [{"tag": "a"}, {"tag": "b"}, {"did": {"event": "cl_order_completed", "where": [{"property": "cl_sku", "op": "gt", "value": "x"}]}}]}
            """#) == ["filter.all[2].did.where[0].op"])
    }

    @Test func aValueOfTheWrongTypeIsNamedByItsPath() {
        #expect(Self.fields(#"{"did": {"event": "cl_order_completed", "where": [{"property": "cl_price", "op": "eq", "value": "cheap"}]}}"#)
            == ["filter.did.where[0].value"])
        #expect(Self.fields(#"{"did": {"event": "cl_order_completed", "where": [{"property": "cl_price", "op": "in", "value": [1, 1.25]}]}}"#)
            == ["filter.did.where[0].value[1]"])
    }

    @Test func unknownEventsPropertiesAndNodesAreRefused() {
        #expect(Self.fields(#"{"did": {"event": "nope"}}"#) == ["filter.did.event"])
        #expect(Self.fields(#"{"did": {"event": "cl_order_completed", "where": [{"property": "x", "op": "exists"}]}}"#)
            == ["filter.did.where[0].property"])
        #expect(Self.fields(#"{"any": [{"bogus": 1}]}"#) == ["filter.any[0].bogus"])
        #expect(Self.fields(#"{"tag": "a", "did": {}}"#) == ["filter"])
        #expect(Self.fields(#"{"did": {"event": "cl_order_completed", "within": {"weeks": 2}}}"#) == ["filter.did.within.weeks"])
        #expect(Self.fields(#"{"did": {"event": "cl_order_completed", "count": {"atLeast": 2}}}"#) == ["filter.did.count.atLeast"])
        #expect(Self.fields(#"{"stage": {"eq": "astronaut"}}"#) == ["filter.stage.eq"])
        #expect(Self.fields(#"{"activeness": {"level": "legendary"}}"#) == ["filter.activeness.level"])
    }

    @Test func anActivenessLevelBecomesItsRange() throws {
        #expect(try Self.parse(#"{"activeness": {"level": "medium"}}"#) == .activeness(lower: 10, upper: 50))
        #expect(try Self.parse(#"{"activeness": {"gt": 4, "lte": 9}}"#) == .activeness(lower: 5, upper: 10))
    }

    @Test func neqAlsoHoldsWhenThePropertyIsMissing() {
        let condition = PropertyCondition(property: "p", op: .neq, values: [.string("a")])
        #expect(condition.matches([:]))
        #expect(!condition.matches(["p": .string("a")]))
        #expect(!PropertyCondition(property: "p", op: .gt, values: [.number(tenths: 1)]).matches([:]))
    }

    @Test func relativeWindowsEndAtTheQueryTime() {
        let window = TimeWindow.last(millis: 1000)
        #expect(window.contains(5000, now: 5000))
        #expect(window.contains(4000, now: 5000))
        #expect(!window.contains(3999, now: 5000))
        #expect(!window.contains(5001, now: 5000))
    }
}

@Suite struct FunnelMathTests {
    static func o(_ t: Int64, _ id: Int64) -> FunnelOccurrence { FunnelOccurrence(time: t, id: id) }

    @Test func theFurthestStepWithinTheWindowCounts() {
        let path = FunnelMath.path(steps: [[Self.o(0, 1), Self.o(100, 4)], [Self.o(50, 2)], [Self.o(160, 3)]], window: 100, from: 0, to: 1000)
        // From t1 = 0 the third step is 160 away; the path stops at step 2.
        #expect(path == [Self.o(0, 1), Self.o(50, 2)])
    }

    @Test func theFirstStepMustBeInsideTheRangeButLaterStepsNeedNot() {
        #expect(FunnelMath.path(steps: [[Self.o(10, 1)], [Self.o(20, 2)]], window: 50, from: 11, to: 100).isEmpty)
        #expect(FunnelMath.path(steps: [[Self.o(10, 1)], [Self.o(200, 2)]], window: 500, from: 0, to: 100).count == 2)
    }

    @Test func oneEventServesOneStepOnly() {
        let views = [Self.o(10, 1), Self.o(20, 2)]
        #expect(FunnelMath.path(steps: [views, views, views], window: 100, from: 0, to: 100).count == 2)
    }

    @Test func equalTimesAreInOrder() {
        #expect(FunnelMath.path(steps: [[Self.o(10, 2)], [Self.o(10, 1)]], window: 0, from: 0, to: 100).count == 2)
    }

    @Test func conversionsAndMedians() {
        let results = FunnelMath.summarize(paths: [[Self.o(0, 1), Self.o(1000, 2)], [Self.o(0, 3), Self.o(3000, 4)], [Self.o(0, 5)], [Self.o(0, 6)]], stepCount: 3)
        #expect(results[0] == FunnelStepResult(contacts: 4, conversionFromPrevious: 1, conversionFromFirst: 1, medianSecondsFromPrevious: nil))
        #expect(results[1] == FunnelStepResult(contacts: 2, conversionFromPrevious: 0.5, conversionFromFirst: 0.5, medianSecondsFromPrevious: 2))
        #expect(results[2] == FunnelStepResult(contacts: 0, conversionFromPrevious: 0, conversionFromFirst: 0, medianSecondsFromPrevious: nil))
    }
}

@Suite struct TimeBucketsTests {
    static let paris = TimeZone(identifier: "Europe/Paris")!

    @Test func aDayAcrossTheSpringChangeLasts23Hours() throws {
        // 2026-03-29: Paris moves from +01:00 to +02:00.
        let from = Timestamp.parseISO8601("2026-03-28T00:00:00+01:00")!
        let to = Timestamp.parseISO8601("2026-03-31T00:00:00+02:00")!
        let buckets = try TimeBuckets.make(interval: .day, timeZone: Self.paris, from: from, to: to).get()
        #expect(buckets.count == 3)
        #expect(buckets.boundaries[2] - buckets.boundaries[1] == 23 * 3_600_000)
        #expect(buckets.boundaries.dropLast().map { TimeBuckets.localISO8601($0, in: Self.paris) }
            == ["2026-03-28T00:00:00+01:00", "2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00"])
    }

    @Test func weeksStartOnMondayAndMonthsOnTheFirst() throws {
        let from = Timestamp.parseISO8601("2026-11-25T10:00:00Z")!  // a Wednesday
        let weeks = try TimeBuckets.make(interval: .week, timeZone: TimeZone(identifier: "UTC")!, from: from, to: from + 1).get()
        #expect(TimeBuckets.localISO8601(weeks.boundaries[0], in: TimeZone(identifier: "UTC")!) == "2026-11-23T00:00:00+00:00")
        let months = try TimeBuckets.make(interval: .month, timeZone: Self.paris, from: from, to: from + 40 * 86_400_000).get()
        #expect(months.count == 3)
        #expect(TimeBuckets.localISO8601(months.boundaries[1], in: Self.paris) == "2026-12-01T00:00:00+01:00")
    }

    @Test func tooManyBucketsAreRefused() {
        guard case .failure = TimeBuckets.make(interval: .hour, timeZone: Self.paris, from: 0, to: 2_000 * 86_400_000) else {
            Issue.record("expected a failure")
            return
        }
    }

    @Test func dayAndHourAreLocal() {
        // 2026-11-23T23:30Z is Tuesday 00:30 in Paris.
        let t = Timestamp.parseISO8601("2026-11-23T23:30:00Z")!
        #expect(TimeBuckets.dayAndHour(t, in: Self.paris) == (1, 0))
    }
}
