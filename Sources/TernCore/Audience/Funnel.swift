/// One event that matches a funnel step: its time and its id (to tell equal times apart and to
/// use each event for one step only).
public struct FunnelOccurrence: Sendable, Equatable, Comparable {
    public var time: Int64
    public var id: Int64

    public init(time: Int64, id: Int64) {
        self.time = time
        self.id = id
    }

    public static func < (a: FunnelOccurrence, b: FunnelOccurrence) -> Bool { (a.time, a.id) < (b.time, b.id) }
}

/// Funnel semantics, pure.
///
/// A contact reaches step k if it has events matching steps 1…k at times t1 ≤ t2 ≤ … ≤ tk, each a
/// different event, with tk − t1 ≤ window and t1 inside `[from, to)` (later steps may fall after
/// `to`). Each contact counts once, at the furthest step it reached. Its path is the earliest
/// one: the earliest qualifying first event (by time, then id) that reaches that furthest step,
/// then at each step the earliest event at or after the previous one. Times between steps and
/// the breakdown value (a property of the first event) are read from that path.
public enum FunnelMath {
    /// The path of one contact: one occurrence per step reached (empty when it never entered).
    /// `steps[k]` holds the contact's events matching step k, sorted.
    public static func path(steps: [[FunnelOccurrence]], window: Int64, from: Int64, to: Int64) -> [FunnelOccurrence] {
        path(steps: steps.map { $0[...] }, window: window, from: from, to: to)
    }

    /// The same over slices of larger arrays (a funnel keeps every contact's events in one array
    /// per step). Not generic: across modules a generic would run unspecialised, several times slower.
    public static func path(steps: [ArraySlice<FunnelOccurrence>], window: Int64, from: Int64, to: Int64) -> [FunnelOccurrence] {
        guard let first = steps.first else { return [] }
        var best: [FunnelOccurrence] = []
        var path: [FunnelOccurrence] = []
        path.reserveCapacity(steps.count)
        for start in first where start.time >= from && start.time < to {
            path.removeAll(keepingCapacity: true)
            path.append(start)
            for k in 1..<steps.count {
                let previous = path[path.count - 1]
                guard let next = earliest(in: steps[k], atOrAfter: previous.time, excluding: path),
                      next.time - start.time <= window
                else { break }
                path.append(next)
            }
            if path.count > best.count {
                best = path
                if best.count == steps.count { break }
            }
        }
        return best
    }

    static func earliest(in sorted: ArraySlice<FunnelOccurrence>, atOrAfter time: Int64, excluding used: [FunnelOccurrence]) -> FunnelOccurrence? {
        var low = sorted.startIndex, high = sorted.endIndex
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid].time < time { low = mid + 1 } else { high = mid }
        }
        var i = low
        while i < sorted.endIndex {
            if !used.contains(sorted[i]) { return sorted[i] }
            i += 1
        }
        return nil
    }

    /// The median of a list of durations in milliseconds, in seconds; nil when empty. An even
    /// count gives the mean of the two middle values.
    public static func medianSeconds(_ millis: [Int64]) -> Double? {
        guard !millis.isEmpty else { return nil }
        let sorted = millis.sorted()
        let mid = sorted.count / 2
        let value = sorted.count % 2 == 1 ? Double(sorted[mid]) : (Double(sorted[mid - 1]) + Double(sorted[mid])) / 2
        return value / 1000
    }

    /// Per-step results from the paths of every contact that entered.
    public static func summarize(paths: [[FunnelOccurrence]], stepCount: Int) -> [FunnelStepResult] {
        var tally = FunnelTally(stepCount: stepCount)
        for path in paths { tally.add(path) }
        return tally.results
    }
}

/// Per-step results, gathered one contact's path at a time.
public struct FunnelTally: Sendable {
    var reached: [Int]
    var gaps: [[Int64]]

    public init(stepCount: Int) {
        reached = [Int](repeating: 0, count: stepCount)
        gaps = [[Int64]](repeating: [], count: stepCount)
    }

    public mutating func add(_ path: [FunnelOccurrence]) {
        for (k, occurrence) in path.enumerated() {
            reached[k] += 1
            if k > 0 { gaps[k].append(occurrence.time - path[k - 1].time) }
        }
    }

    public var results: [FunnelStepResult] {
        (0..<reached.count).map { k in
            func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
            return FunnelStepResult(
                contacts: reached[k],
                conversionFromPrevious: k == 0 ? (reached[0] > 0 ? 1 : 0) : ratio(reached[k], reached[k - 1]),
                conversionFromFirst: ratio(reached[k], reached[0]),
                medianSecondsFromPrevious: k == 0 ? nil : FunnelMath.medianSeconds(gaps[k]))
        }
    }
}

/// One step of a funnel's answer.
public struct FunnelStepResult: Sendable, Equatable {
    /// Contacts that reached this step (including those that went further).
    public var contacts: Int
    /// `contacts` over the previous step's; 1 for the first step (0 when nobody entered).
    public var conversionFromPrevious: Double
    public var conversionFromFirst: Double
    /// Median time from the previous step, seconds; nil for the first step or when nobody reached it.
    public var medianSecondsFromPrevious: Double?

    public init(contacts: Int, conversionFromPrevious: Double, conversionFromFirst: Double, medianSecondsFromPrevious: Double?) {
        self.contacts = contacts
        self.conversionFromPrevious = conversionFromPrevious
        self.conversionFromFirst = conversionFromFirst
        self.medianSecondsFromPrevious = medianSecondsFromPrevious
    }
}
