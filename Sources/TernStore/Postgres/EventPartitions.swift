import Logging
import PostgresNIO
import Synchronization

/// A calendar month in UTC, as a partition of `events`: rows with `time` in [start, end).
struct EventMonth: Hashable, Comparable, Sendable {
    /// Months since January 1970 (negative before).
    var index: Int64

    init(index: Int64) { self.index = index }

    init(containing millis: Int64) {
        let days = Self.floorDivide(millis, 86_400_000)
        let (year, month, _) = Self.civil(fromDays: days)
        index = (year - 1970) * 12 + (month - 1)
    }

    var year: Int64 { 1970 + Self.floorDivide(index, 12) }
    var month: Int64 { index - Self.floorDivide(index, 12) * 12 + 1 }

    var start: Int64 { Self.days(year: year, month: month, day: 1) * 86_400_000 }
    var end: Int64 { EventMonth(index: index + 1).start }
    var next: EventMonth { EventMonth(index: index + 1) }

    /// `events_2026_11`; a year before 0 (never sent through the API) reads `events_n0001_01`.
    var tableName: String {
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "events_" + (year < 0 ? "n" + pad(-year, 4) : pad(year, 4)) + "_" + pad(month, 2)
    }

    static func < (a: EventMonth, b: EventMonth) -> Bool { a.index < b.index }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// The monthly partitions of `events`, created by Tern: ahead of time at start, and on demand
/// before a transaction writes an event into a month that has none. Which months exist is
/// remembered, so the common case costs no query.
final class EventPartitions: Sendable {
    /// Months created at start beyond the current one.
    static let monthsAhead: Int64 = 2

    private let known = Mutex<Set<EventMonth>>([])

    func ensureAhead(of now: Int64, store: PostgresStore) async throws {
        let current = EventMonth(containing: now)
        try await ensure((0...Self.monthsAhead).map { EventMonth(index: current.index + $0) }, store: store)
    }

    /// Makes sure every month holding one of `times` has its partition.
    func ensure(containing times: some Sequence<Int64>, store: PostgresStore) async throws {
        var months = Set<EventMonth>()
        var last: EventMonth?
        for time in times {
            // Consecutive events mostly share a month: skip the date arithmetic for them.
            if let last, time >= last.start, time < last.end { continue }
            let month = EventMonth(containing: time)
            months.insert(month)
            last = month
        }
        try await ensure(Array(months), store: store)
    }

    func ensure(_ months: [EventMonth], store: PostgresStore) async throws {
        let missing = known.withLock { known in months.filter { !known.contains($0) } }
        guard !missing.isEmpty else { return }
        let logger = store.logger
        try await store.transaction { connection in
            // One node at a time creates partitions; the others then find them.
            try await connection.run("SELECT pg_advisory_xact_lock(hashtext(current_schema()), 2)", logger)
            let existing = Set(try await connection.all("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'events'::regclass
                """, logger).map { try $0.decode(String.self) })
            for month in missing.sorted() where !existing.contains(month.tableName) {
                logger.info("creating an event partition", metadata: ["partition": "\(month.tableName)"])
                // Created apart, then attached: ATTACH takes a lock that lets inserts and reads of
                // `events` go on, where CREATE … PARTITION OF would stop them. The name and bounds
                // are computed here, not taken from input.
                try await connection.run(
                    PostgresQuery(unsafeSQL: "CREATE TABLE \(month.tableName) (LIKE events INCLUDING DEFAULTS)"), logger)
                try await connection.run(PostgresQuery(unsafeSQL: """
                    ALTER TABLE events ATTACH PARTITION \(month.tableName) FOR VALUES FROM (\(month.start)) TO (\(month.end))
                    """), logger)
            }
        }
        known.withLock { $0.formUnion(missing) }
    }
}
