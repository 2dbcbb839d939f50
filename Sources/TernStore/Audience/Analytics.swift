import Foundation
import TernCore

/// One event kind with conditions on its properties: a funnel step, or what a distribution counts.
public struct EventSelector: Sendable, Equatable {
    public var event: String
    public var conditions: [PropertyCondition]

    public init(event: String, conditions: [PropertyCondition] = []) {
        self.event = event
        self.conditions = conditions
    }
}

/// A time distribution: per bucket, events and distinct contacts; and events per local
/// (day of week, hour), Monday first.
public struct Distribution: Sendable, Equatable {
    public var bucketStarts: [Int64]
    public var events: [Int]
    public var contacts: [Int]
    /// `[7][24]`: 0 = Monday.
    public var hourOfWeek: [[Int]]
}

/// A funnel's answer, overall and per value of the breakdown property (nil: events without it).
public struct FunnelAnswer: Sendable, Equatable {
    public var steps: [FunnelStepResult]
    public var breakdown: [(value: PropertyValue?, steps: [FunnelStepResult])]

    public static func == (a: FunnelAnswer, b: FunnelAnswer) -> Bool {
        a.steps == b.steps && a.breakdown.map(\.value) == b.breakdown.map(\.value) && a.breakdown.map(\.steps) == b.breakdown.map(\.steps)
    }
}

/// Distributions and funnels for any ``Store``, through ``Store/eventOccurrences(_:)``.
public enum Analytics {
    public static func distribution(
        store: any Store, workspaceId: Int64, of selector: EventSelector, buckets: TimeBuckets, from: Int64, to: Int64
    ) async throws -> Distribution {
        let occurrences = try await store.eventOccurrences(OccurrenceQuery(
            workspaceId: workspaceId, event: selector.event, from: from, to: to, includeProperties: !selector.conditions.isEmpty))
        var events = [Int](repeating: 0, count: buckets.count)
        var contacts = [Set<Int64>](repeating: [], count: buckets.count)
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: 24), count: 7)
        for occurrence in occurrences where selector.conditions.allSatisfy({ $0.matches(occurrence.properties) }) {
            guard let index = buckets.index(of: occurrence.time) else { continue }
            events[index] += 1
            contacts[index].insert(occurrence.contactId)
            let (day, hour) = TimeBuckets.dayAndHour(occurrence.time, in: buckets.timeZone)
            matrix[day][hour] += 1
        }
        return Distribution(
            bucketStarts: Array(buckets.boundaries.dropLast()), events: events, contacts: contacts.map(\.count), hourOfWeek: matrix)
    }

    /// See ``FunnelMath`` for the semantics.
    public static func funnel(
        store: any Store, workspaceId: Int64, steps: [EventSelector], window: Int64, from: Int64, to: Int64, breakdown: String?
    ) async throws -> FunnelAnswer {
        var perContact: [Int64: [[FunnelOccurrence]]] = [:]
        var firstStepProperties: [Int64: [String: PropertyValue]] = [:]
        for (k, step) in steps.enumerated() {
            let end = k == 0 ? to : (to > Int64.max - window ? Int64.max : to + window)
            let needsProperties = !step.conditions.isEmpty || (k == 0 && breakdown != nil)
            let occurrences = try await store.eventOccurrences(OccurrenceQuery(
                workspaceId: workspaceId, event: step.event, from: from, to: end, includeProperties: needsProperties))
            for occurrence in occurrences where step.conditions.allSatisfy({ $0.matches(occurrence.properties) }) {
                if k > 0, perContact[occurrence.contactId] == nil { continue }
                if k == 0, breakdown != nil { firstStepProperties[occurrence.id] = occurrence.properties }
                perContact[occurrence.contactId, default: [[FunnelOccurrence]](repeating: [], count: steps.count)][k]
                    .append(FunnelOccurrence(time: occurrence.time, id: occurrence.id))
            }
        }
        var paths: [[FunnelOccurrence]] = []
        var byValue: [PropertyValue?: [[FunnelOccurrence]]] = [:]
        for (_, occurrences) in perContact {
            let path = FunnelMath.path(steps: occurrences, window: window, from: from, to: to)
            guard !path.isEmpty else { continue }
            paths.append(path)
            if let breakdown { byValue[firstStepProperties[path[0].id]?[breakdown], default: []].append(path) }
        }
        let groups = byValue.map { (value: $0.key, steps: FunnelMath.summarize(paths: $0.value, stepCount: steps.count)) }
            .sorted { a, b in
                a.steps[0].contacts != b.steps[0].contacts
                    ? a.steps[0].contacts > b.steps[0].contacts
                    : sortKey(a.value).utf8.lexicographicallyPrecedes(sortKey(b.value).utf8)
            }
        return FunnelAnswer(steps: FunnelMath.summarize(paths: paths, stepCount: steps.count), breakdown: groups)
    }

    static func sortKey(_ value: PropertyValue?) -> String {
        switch value {
        case nil: ""
        case .string(let s)?, .url(let s)?: "s" + s
        case .number(let n)?: "n" + String(n)
        case .timestamp(let t)?: "t" + String(t)
        }
    }
}
