import TernCore
import TernStore

/// The straightforward answers: one contact at a time over every raw event.
enum Reference {
    static func inWindow(_ time: Int64, _ window: TimeWindow?, now: Int64) -> Bool {
        switch window {
        case nil: return true
        case .last(let millis)?: return time >= now - millis && time <= now
        case .between(let from, let to)?: return (from.map { time >= $0 } ?? true) && (to.map { time < $0 } ?? true)
        }
    }

    static func matches(_ c: PropertyCondition, _ properties: [String: PropertyValue]) -> Bool {
        let value = properties[c.property]
        func same(_ a: PropertyValue?, _ b: PropertyValue) -> Bool { a == b }
        switch c.op {
        case .exists: return c.exists ? value != nil : value == nil
        case .eq: return same(value, c.values[0])
        case .neq: return !same(value, c.values[0])
        case .in: return c.values.contains { same(value, $0) }
        case .gt, .gte, .lt, .lte:
            let pair: (Int64, Int64)?
            switch (value, c.values[0]) {
            case (.number(let a)?, .number(let b)): pair = (a, b)
            case (.timestamp(let a)?, .timestamp(let b)): pair = (a, b)
            default: pair = nil
            }
            guard let (a, b) = pair else { return false }
            return c.op == .gt ? a > b : c.op == .gte ? a >= b : c.op == .lt ? a < b : a <= b
        case .contains, .startsWith:
            let part: String
            switch c.values[0] {
            case .string(let s), .url(let s): part = s
            default: return false
            }
            let text: String
            switch value {
            case .string(let s)?, .url(let s)?: text = s
            default: return false
            }
            return c.op == .contains ? text.contains(part) : text.hasPrefix(part)
        }
    }

    static func matchesAll(_ conditions: [PropertyCondition], _ properties: [String: PropertyValue]) -> Bool {
        conditions.allSatisfy { matches($0, properties) }
    }

    static func value(_ c: ValueCondition, _ value: JSONValue?) -> Bool {
        func number(_ v: JSONValue?) -> Double? { v?.numberText.flatMap(Double.init) }
        func equal(_ a: JSONValue?, _ b: JSONValue) -> Bool {
            if let x = number(a), let y = number(b) { return x == y }
            return a == b
        }
        switch c.op {
        case .exists: return c.exists ? value != nil : value == nil
        case .eq: return equal(value, c.values[0])
        case .neq: return !equal(value, c.values[0])
        case .in: return c.values.contains { equal(value, $0) }
        case .gt, .gte, .lt, .lte:
            if let a = number(value), let b = number(c.values[0]) {
                return c.op == .gt ? a > b : c.op == .gte ? a >= b : c.op == .lt ? a < b : a <= b
            }
            if let a = value?.stringValue, let b = c.values[0].stringValue {
                return c.op == .gt ? a > b : c.op == .gte ? a >= b : c.op == .lt ? a < b : a <= b
            }
            return false
        case .contains: return value?.stringValue.map { $0.contains(c.values[0].stringValue!) } ?? false
        case .startsWith: return value?.stringValue.map { $0.hasPrefix(c.values[0].stringValue!) } ?? false
        }
    }

    static func matches(_ filter: AudienceFilter, _ contact: Contact, _ events: [StoredEvent], _ settings: WorkspaceSettings, now: Int64) -> Bool {
        let own = events.filter { $0.contactId == contact.id }
        switch filter {
        case .all(let children): return children.allSatisfy { matches($0, contact, events, settings, now: now) }
        case .any(let children): return children.contains { matches($0, contact, events, settings, now: now) }
        case .not(let child): return !matches(child, contact, events, settings, now: now)
        case .did(let did):
            let count = own.filter { $0.event == did.event && inWindow($0.time, did.window, now: now) && matchesAll(did.conditions, $0.properties) }.count
            return did.count.matches(count)
        case .attribute(let name, let c): return value(c, contact.attributes[name])
        case .identifier(let field, let c):
            let v = field == .email ? contact.email : field == .phone ? contact.phone : contact.externalId
            return value(c, v.map(JSONValue.string))
        case .activeness(let lower, let upper):
            let a = own.reduce(0) { $0 + $1.score }
            return (lower.map { a >= $0 } ?? true) && (upper.map { a < $0 } ?? true)
        case .stage(let stages): return stages.contains(contact.stage ?? settings.stages.stages[0])
        case .tag(let tag): return own.contains { $0.contentTags.contains(tag) }
        case .firstEvent(let w): return own.map(\.time).min().map { inWindow($0, w, now: now) } ?? false
        case .lastEvent(let w): return own.map(\.time).max().map { inWindow($0, w, now: now) } ?? false
        }
    }

    /// Every combination of events, exhaustively: the furthest step, then the smallest path by (time, id).
    static func funnel(
        _ steps: [EventSelector], window: Int64, from: Int64, to: Int64, breakdown: String?, events: [StoredEvent]
    ) -> (steps: [FunnelStepResult], groups: [PropertyValue?: [FunnelStepResult]]) {
        var paths: [[StoredEvent]] = []
        for contactId in Set(events.map(\.contactId)) {
            let own = events.filter { $0.contactId == contactId }.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
            let candidates = steps.map { step in own.filter { $0.event == step.event && matchesAll(step.conditions, $0.properties) } }
            var best: [StoredEvent] = []
            func extend(_ path: [StoredEvent]) {
                if path.count > best.count { best = path }
                guard path.count < steps.count else { return }
                for e in candidates[path.count] where e.time >= path.last!.time && e.time - path[0].time <= window
                    && !path.contains(where: { $0.id == e.id }) {
                    extend(path + [e])
                }
            }
            for first in candidates[0] where first.time >= from && first.time < to { extend([first]) }
            if !best.isEmpty { paths.append(best) }
        }
        func summarize(_ paths: [[StoredEvent]]) -> [FunnelStepResult] {
            FunnelMath.summarize(paths: paths.map { $0.map { FunnelOccurrence(time: $0.time, id: $0.id) } }, stepCount: steps.count)
        }
        var groups: [PropertyValue?: [[StoredEvent]]] = [:]
        if let breakdown { for path in paths { groups[path[0].properties[breakdown], default: []].append(path) } }
        return (summarize(paths), groups.mapValues(summarize))
    }
}
