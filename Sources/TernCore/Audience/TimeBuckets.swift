import Foundation

/// The length of the buckets of a time distribution.
public enum BucketInterval: String, Sendable, CaseIterable {
    case hour, day, week, month

    var component: Calendar.Component {
        switch self {
        case .hour: .hour
        case .day: .day
        case .week: .weekOfYear
        case .month: .month
        }
    }
}

/// Consecutive calendar buckets (hours, days, ISO weeks starting Monday, months) in an IANA time
/// zone, covering `[from, to)`: the first starts at or before `from`, the last ends after `to − 1`.
/// A day is 23 or 25 hours across a daylight saving change.
///
/// ```swift
/// let buckets = try TimeBuckets(interval: .day, timeZone: TimeZone(identifier: "Europe/Paris")!, from: f, to: t).get()
/// buckets.index(of: someTime)   // which bucket counts it
/// ```
public struct TimeBuckets: Sendable {
    /// Bucket starts in UTC milliseconds, ascending, followed by the end of the last bucket.
    public let boundaries: [Int64]
    public let timeZone: TimeZone

    public static let maximumBuckets = 10_000

    public static func make(interval: BucketInterval, timeZone: TimeZone, from: Int64, to: Int64) -> Result<TimeBuckets, FieldMessage> {
        guard from < to else { return .failure(FieldMessage("must be after from")) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        calendar.minimumDaysInFirstWeek = 4
        func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
        func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        guard var start = calendar.dateInterval(of: interval.component, for: date(from))?.start else {
            return .failure(FieldMessage("cannot be divided into \(interval.rawValue)s"))
        }
        var boundaries = [millis(start)]
        while boundaries[boundaries.count - 1] < to {
            guard boundaries.count <= maximumBuckets else {
                return .failure(FieldMessage("the range holds more than \(maximumBuckets) \(interval.rawValue)s"))
            }
            guard let end = calendar.dateInterval(of: interval.component, for: start)?.end, end > start else {
                return .failure(FieldMessage("cannot be divided into \(interval.rawValue)s"))
            }
            start = end
            boundaries.append(millis(end))
        }
        return .success(TimeBuckets(boundaries: boundaries, timeZone: timeZone))
    }

    public var count: Int { boundaries.count - 1 }

    /// The bucket holding `time`, or nil outside every bucket.
    public func index(of time: Int64) -> Int? {
        guard time >= boundaries[0], time < boundaries[boundaries.count - 1] else { return nil }
        var low = 0, high = boundaries.count - 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if boundaries[mid] <= time { low = mid } else { high = mid }
        }
        return low
    }

    /// Local ISO 8601 time with the zone's offset at that instant: `2026-03-29T00:00:00+01:00`.
    public static func localISO8601(_ millis: Int64, in timeZone: TimeZone) -> String {
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(millis) / 1000))
        let local = Timestamp.iso8601(millis + Int64(offset) * 1000)
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(local.prefix(19))\(sign)\(pad(minutes / 60)):\(pad(minutes % 60))"
    }

    /// The local day of the week (0 = Monday … 6 = Sunday) and hour (0–23) of an instant.
    public static func dayAndHour(_ millis: Int64, in timeZone: TimeZone) -> (day: Int, hour: Int) {
        dayAndHour(millis, offsetSeconds: Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(millis) / 1000))))
    }

    /// The local day of the week and hour of an instant, at a known offset from UTC.
    @inline(__always) public static func dayAndHour(_ millis: Int64, offsetSeconds offset: Int64) -> (day: Int, hour: Int) {
        let localSeconds = millis.floorDivided(by: 1000) + offset
        let days = localSeconds.floorDivided(by: 86_400)
        let hour = Int((localSeconds - days * 86_400) / 3600)
        // 1970-01-01 was a Thursday (3 when Monday is 0).
        let day = Int((days + 3).floorModulo(7))
        return (day, hour)
    }
}

/// A time zone's offsets from UTC over a range, for reading many instants in time order without
/// asking the zone each time: the offset changes only at daylight saving transitions.
public struct UTCOffsets: Sendable {
    /// UTC milliseconds from which `offsets[i]` holds, ascending; `starts[0]` is the range's start.
    let starts: [Int64]
    /// Seconds east of UTC.
    let offsets: [Int64]

    public init(_ timeZone: TimeZone, from: Int64, to: Int64) {
        func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
        var starts = [from]
        var offsets = [Int64(timeZone.secondsFromGMT(for: date(from)))]
        var cursor = date(from)
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next < date(to), next > cursor {
            starts.append(Int64((next.timeIntervalSince1970 * 1000).rounded()))
            offsets.append(Int64(timeZone.secondsFromGMT(for: next)))
            cursor = next
        }
        self.starts = starts
        self.offsets = offsets
    }

    /// A reader for instants in ascending order.
    public struct Cursor {
        let offsets: UTCOffsets
        var index = 0

        /// The offset at `millis`, which must not be before the previous one asked for.
        @inline(__always) public mutating func offset(at millis: Int64) -> Int64 {
            while index + 1 < offsets.starts.count && offsets.starts[index + 1] <= millis { index += 1 }
            return offsets.offsets[index]
        }
    }

    public func cursor() -> Cursor { Cursor(offsets: self) }
}

extension Int64 {
    func floorDivided(by d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }

    func floorModulo(_ d: Int64) -> Int64 { self - floorDivided(by: d) * d }
}
