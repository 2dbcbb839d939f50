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
///
/// Both walk the columns in time order and index contacts by position in dense arrays rather than
/// hashing them: the questions read millions of events (docs/benchmarks.md).
public enum Analytics {
    public static func distribution(
        store: any Store, workspaceId: Int64, of selector: EventSelector, buckets: TimeBuckets, from: Int64, to: Int64
    ) async throws -> Distribution {
        let occurrences = try await store.eventOccurrences(OccurrenceQuery(
            workspaceId: workspaceId, event: selector.event, from: from, to: to, includeProperties: !selector.conditions.isEmpty))
        var events = [Int](repeating: 0, count: buckets.count)
        var contacts = [Int](repeating: 0, count: buckets.count)
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: 24), count: 7)
        let dense = DenseContacts(occurrences.contactIds)
        // The bucket (plus one) in which each contact was last counted: events come in time order,
        // so a contact is new to a bucket when its mark is older.
        var lastBucket = [Int32](repeating: 0, count: dense.capacity)
        var offsets = UTCOffsets(buckets.timeZone, from: from, to: to).cursor()
        var bucket = 0
        for i in 0..<occurrences.count {
            let time = occurrences.times[i]
            guard time >= buckets.boundaries[0], time < buckets.boundaries[buckets.count],
                  selector.conditions.allSatisfy({ $0.matches(occurrences.properties(at: i)) })
            else { continue }
            while buckets.boundaries[bucket + 1] <= time { bucket += 1 }
            events[bucket] += 1
            let contact = dense.offset(of: occurrences.contactIds[i])
            if lastBucket[contact] != Int32(bucket + 1) {
                lastBucket[contact] = Int32(bucket + 1)
                contacts[bucket] += 1
            }
            let (day, hour) = TimeBuckets.dayAndHour(time, offsetSeconds: offsets.offset(at: time))
            matrix[day][hour] += 1
        }
        return Distribution(
            bucketStarts: Array(buckets.boundaries.dropLast()), events: events, contacts: contacts, hourOfWeek: matrix)
    }

    /// See ``FunnelMath`` for the semantics.
    public static func funnel(
        store: any Store, workspaceId: Int64, steps: [EventSelector], window: Int64, from: Int64, to: Int64, breakdown: String?
    ) async throws -> FunnelAnswer {
        // Each step's matching events, grouped by contact (contacts that entered the first step
        // only), in time order within a contact: `events[k][starts[k][c] ..< starts[k][c + 1]]`.
        var entrants: [Int64] = []
        var entrantIndex: [Int32] = []
        var dense = DenseContacts([])
        var events: [[FunnelOccurrence]] = []
        var starts: [[Int]] = []
        var firstStepProperties: [Int64: [String: PropertyValue]] = [:]
        for (k, step) in steps.enumerated() {
            let end = k == 0 ? to : (to > Int64.max - window ? Int64.max : to + window)
            let needsProperties = !step.conditions.isEmpty || (k == 0 && breakdown != nil)
            let occurrences = try await store.eventOccurrences(OccurrenceQuery(
                workspaceId: workspaceId, event: step.event, from: from, to: end, includeProperties: needsProperties))
            var matching: [Int] = []
            matching.reserveCapacity(occurrences.count)
            for i in 0..<occurrences.count where step.conditions.allSatisfy({ $0.matches(occurrences.properties(at: i)) }) {
                matching.append(i)
            }
            if k == 0 {
                dense = DenseContacts(matching.map { occurrences.contactIds[$0] })
                entrantIndex = [Int32](repeating: -1, count: dense.capacity)
                for i in matching {
                    let offset = dense.offset(of: occurrences.contactIds[i])
                    if entrantIndex[offset] < 0 {
                        entrantIndex[offset] = Int32(entrants.count)
                        entrants.append(occurrences.contactIds[i])
                    }
                    if breakdown != nil { firstStepProperties[occurrences.ids[i]] = occurrences.properties(at: i) }
                }
            }
            // A counting sort by entrant, stable, so each entrant's events stay in time order.
            var counts = [Int](repeating: 0, count: entrants.count + 1)
            var entrantOf = [Int32](repeating: -1, count: matching.count)
            for (j, i) in matching.enumerated() {
                guard let offset = dense.offsetIfInRange(occurrences.contactIds[i]), entrantIndex[offset] >= 0 else { continue }
                entrantOf[j] = entrantIndex[offset]
                counts[Int(entrantIndex[offset]) + 1] += 1
            }
            for c in 0..<entrants.count { counts[c + 1] += counts[c] }
            var next = counts
            var stepEvents = [FunnelOccurrence](repeating: FunnelOccurrence(time: 0, id: 0), count: counts[entrants.count])
            for (j, i) in matching.enumerated() where entrantOf[j] >= 0 {
                let c = Int(entrantOf[j])
                stepEvents[next[c]] = FunnelOccurrence(time: occurrences.times[i], id: occurrences.ids[i])
                next[c] += 1
            }
            events.append(stepEvents)
            starts.append(counts)
        }
        var overall = FunnelTally(stepCount: steps.count)
        var byValue: [PropertyValue?: FunnelTally] = [:]
        var contactSteps = [ArraySlice<FunnelOccurrence>](repeating: [], count: steps.count)
        for c in 0..<entrants.count {
            for k in 0..<steps.count { contactSteps[k] = events[k][starts[k][c]..<starts[k][c + 1]] }
            let path = FunnelMath.path(steps: contactSteps, window: window, from: from, to: to)
            guard !path.isEmpty else { continue }
            overall.add(path)
            if let breakdown {
                byValue[firstStepProperties[path[0].id]?[breakdown], default: FunnelTally(stepCount: steps.count)].add(path)
            }
        }
        let groups = byValue.map { (value: $0.key, steps: $0.value.results) }
            .sorted { a, b in
                a.steps[0].contacts != b.steps[0].contacts
                    ? a.steps[0].contacts > b.steps[0].contacts
                    : sortKey(a.value).utf8.lexicographicallyPrecedes(sortKey(b.value).utf8)
            }
        return FunnelAnswer(steps: overall.results, breakdown: groups)
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

/// Contact ids numbered by their distance from the smallest: ids are dense (assigned in order,
/// never reused), so arrays indexed this way are about one slot per contact.
struct DenseContacts {
    let base: Int64
    let capacity: Int

    init(_ ids: [Int64]) {
        let low = ids.min() ?? 0
        base = low
        capacity = ids.isEmpty ? 0 : Int((ids.max() ?? low) - low) + 1
    }

    /// The position of an id that is among those the numbering was made from.
    @inline(__always) func offset(of id: Int64) -> Int { Int(id - base) }

    @inline(__always) func offsetIfInRange(_ id: Int64) -> Int? {
        let offset = id &- base
        return offset >= 0 && offset < capacity ? Int(offset) : nil
    }
}
