/// When people shop, in UTC: quiet nights, a rise through the morning, the busiest hours in the
/// evening; weekends a little busier overall, with later mornings and a fuller afternoon.
struct DailyRhythm {
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    /// Relative activity per hour of a weekday (Monday to Friday) and of a weekend day.
    static let weekdayHours: [Double] = [
        1.2, 0.7, 0.45, 0.35, 0.35, 0.5, 1.0, 2.0, 3.0, 3.6, 3.9, 4.1,
        4.6, 4.3, 4.0, 4.0, 4.2, 4.6, 5.2, 6.2, 7.0, 7.2, 5.8, 3.0,
    ]
    static let weekendHours: [Double] = [
        1.8, 1.1, 0.7, 0.45, 0.35, 0.35, 0.5, 0.9, 1.8, 3.0, 4.4, 5.2,
        5.8, 6.0, 6.0, 5.8, 5.6, 5.6, 5.8, 6.4, 6.8, 6.6, 5.4, 3.2,
    ]
    /// Monday first: a day's total weight relative to the others.
    static let days: [Double] = [1.0, 0.96, 0.97, 1.0, 1.06, 1.22, 1.3]

    private let weekday = weekdayHours.cumulativeSums()
    private let weekend = weekendHours.cumulativeSums()
    private let busiestDay = days.max()!

    /// Day of the week of a UTC day number (days since 1970-01-01, a Thursday), Monday = 0.
    static func weekday(ofDay day: Int64) -> Int { Int(((day % 7) + 10) % 7) }

    /// A time in `[lower, upper]` drawn with the rhythm (days by their weight, then the hour by
    /// that day's curve, then uniformly within the hour).
    func time(from lower: Int64, to upper: Int64, _ random: inout SeededRandom) -> Int64 {
        let firstDay = lower / Self.day, lastDay = upper / Self.day
        for _ in 0..<64 {
            let day = random.within(firstDay, lastDay)
            let weekday = Self.weekday(ofDay: day)
            guard random.unit() * busiestDay < Self.days[weekday] else { continue }
            let hour = Int64(random.pick(cumulative: weekday >= 5 ? weekend : self.weekday))
            let time = day * Self.day + hour * Self.hour + random.within(0, Self.hour - 1)
            if time >= lower, time <= upper { return time }
        }
        // A range of an hour or two at a quiet time: uniform is good enough.
        return random.within(lower, upper)
    }
}
