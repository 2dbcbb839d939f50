import Foundation
import Hummingbird
import TernCore
import TernStore

/// Time distributions and funnels: `/v1/analytics/…`.
struct AnalyticsRoutes {
    let services: TernServices
    init(_ services: TernServices) { self.services = services }

    func register(in table: RouteTable) {
        table.add(.post, "/v1/analytics/distribution", distribution)
        table.add(.post, "/v1/analytics/funnel", funnel)
    }

    /// `{"event", "where"?, "interval", "timeZone", "from", "to"}` → buckets (local starts, events,
    /// distinct contacts; empty ones with 0) and the hour-of-day by day-of-week matrix, Monday first.
    @Sendable func distribution(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        var reader = try JSONObjectReader(try await request.decodeJSON(limit: BodyLimit.request))
        let audience = try await AudienceRequest(services, grant)
        let selector = Self.selector(&reader, audience.context)
        let intervalName = reader.string("interval", required: true)
        let interval = intervalName.flatMap(BucketInterval.init(rawValue:))
        if intervalName != nil, interval == nil { reader.fail("interval", "must be hour, day, week or month") }
        let zoneName = reader.string("timeZone", required: true)
        let timeZone = zoneName.flatMap(TimeZone.init(identifier:))
        if zoneName != nil, timeZone == nil { reader.fail("timeZone", "is not an IANA time zone (like Europe/Paris)") }
        let range = Self.range(&reader)
        reader.rejectUnknownMembers()
        var buckets: TimeBuckets?
        if let interval, let timeZone, let range {
            switch TimeBuckets.make(interval: interval, timeZone: timeZone, from: range.from, to: range.to) {
            case .success(let made): buckets = made
            case .failure(let problem): reader.fail("to", problem.message)
            }
        }
        try reader.check()
        guard let selector, let buckets, let range else { throw ValidationFailure(field: "event", message: "is required") }
        let answer = try await Analytics.distribution(
            store: services.store, workspaceId: grant.workspaceId, of: selector, buckets: buckets, from: range.from, to: range.to)
        let items: [JSONValue] = answer.bucketStarts.indices.map { i in
            .object([
                "start": .string(TimeBuckets.localISO8601(answer.bucketStarts[i], in: buckets.timeZone)),
                "events": .integer(answer.events[i]), "contacts": .integer(answer.contacts[i]),
            ])
        }
        return .json(.object([
            "buckets": .array(items),
            "hourOfWeek": .array(answer.hourOfWeek.map { .array($0.map { .integer($0) }) }),
        ]))
    }

    /// `{"steps": [{"event", "where"?}], "window", "from", "to", "breakdown"?}`; semantics in ``FunnelMath``.
    @Sendable func funnel(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        var reader = try JSONObjectReader(try await request.decodeJSON(limit: BodyLimit.request))
        let audience = try await AudienceRequest(services, grant)
        var steps: [EventSelector] = []
        let items = reader.array("steps", required: true) ?? []
        if reader.members["steps"] != nil, !(2...10).contains(items.count) { reader.fail("steps", "must hold 2 to 10 steps") }
        for (i, item) in items.prefix(10).enumerated() {
            var step: JSONObjectReader
            do { step = try JSONObjectReader(item, at: FieldPath("steps").index(i)) } catch {
                reader.errors += error.errors
                continue
            }
            let selector = Self.selector(&step, audience.context)
            step.rejectUnknownMembers()
            reader.errors += step.errors
            if let selector { steps.append(selector) }
        }
        var window: Int64?
        if let value = reader.value("window", required: true) {
            switch TimeWindow.duration(value, at: FieldPath("window")) {
            case .success(let millis): window = millis
            case .failure(let failure): reader.errors += failure.errors
            }
        }
        let range = Self.range(&reader)
        let breakdown = reader.string("breakdown", maxLength: 64)
        if let breakdown, let first = steps.first, audience.context.definitions[first.event]?.propertyType(breakdown) == nil {
            reader.fail("breakdown", "\(first.event) has no property \"\(breakdown)\"")
        }
        reader.rejectUnknownMembers()
        try reader.check()
        guard let window, let range, steps.count == items.count else { throw ValidationFailure(field: "steps", message: "is required") }
        let answer = try await Analytics.funnel(
            store: services.store, workspaceId: grant.workspaceId, steps: steps, window: window, from: range.from, to: range.to,
            breakdown: breakdown)
        var body: JSONObject = ["steps": Self.json(answer.steps, steps)]
        if breakdown != nil {
            body["breakdown"] = .array(answer.breakdown.map { group in
                .object(["value": group.value?.canonicalJSON ?? .null, "steps": Self.json(group.steps, steps)])
            })
        }
        return .json(.object(body))
    }

    static func json(_ results: [FunnelStepResult], _ steps: [EventSelector]) -> JSONValue {
        .array(zip(results, steps).map { result, step in
            .object([
                "event": .string(step.event), "contacts": .integer(result.contacts),
                "conversionFromPrevious": .number("\(result.conversionFromPrevious)"),
                "conversionFromFirst": .number("\(result.conversionFromFirst)"),
                "medianSecondsFromPrevious": result.medianSecondsFromPrevious.map { .number("\($0)") } ?? .null,
            ])
        })
    }

    /// `event` (a defined event) and optional `where` conditions on its properties.
    static func selector(_ reader: inout JSONObjectReader, _ context: AudienceContext) -> EventSelector? {
        guard let event = reader.string("event", required: true) else { return nil }
        guard let definition = context.definitions[event] else {
            reader.fail("event", "no event definition \"\(event.prefix(64))\"")
            _ = reader.value("where")
            return nil
        }
        var selector = EventSelector(event: event)
        if let value = reader.value("where") {
            let parsed = PropertyCondition.parseList(value, at: reader.path.member("where"), definition: definition)
            reader.errors += parsed.errors
            selector.conditions = parsed.conditions
        }
        return selector
    }

    /// Required `from` (inclusive) and `to` (exclusive), `from` before `to`.
    static func range(_ reader: inout JSONObjectReader) -> (from: Int64, to: Int64)? {
        var bounds: [Int64] = []
        for name in ["from", "to"] {
            guard let value = reader.value(name, required: true) else { continue }
            guard let millis = Timestamp.from(value) else {
                reader.fail(name, "must be an ISO 8601 time with offset or epoch milliseconds")
                continue
            }
            bounds.append(millis)
        }
        guard bounds.count == 2 else { return nil }
        guard bounds[0] < bounds[1] else {
            reader.fail("to", "must be after from")
            return nil
        }
        return (bounds[0], bounds[1])
    }
}
