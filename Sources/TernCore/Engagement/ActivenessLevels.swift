/// A workspace's named activeness thresholds, in ascending order, and an optional window.
///
/// The first level holds everything below the second's `minimum`; each later level starts at
/// its `minimum` (inclusive). The default: `inactive` < 1 ≤ `low` < 10 ≤ `medium` < 50 ≤ `high`.
public struct ActivenessLevels: Sendable, Equatable {
    public struct Level: Sendable, Equatable {
        public var name: String
        /// nil for the first level only.
        public var minimum: Int?

        public init(name: String, minimum: Int?) {
            self.name = name
            self.minimum = minimum
        }
    }

    public var levels: [Level]
    /// When set, a contact's activeness counts only the events of the last `windowDays` days.
    public var windowDays: Int?

    public init(levels: [Level], windowDays: Int? = nil) {
        self.levels = levels
        self.windowDays = windowDays
    }

    public static let `default` = ActivenessLevels(levels: [
        Level(name: "inactive", minimum: nil),
        Level(name: "low", minimum: 1),
        Level(name: "medium", minimum: 10),
        Level(name: "high", minimum: 50),
    ])

    /// The name of the level an activeness falls in.
    public func level(for activeness: Int) -> String {
        levels.last { ($0.minimum ?? .min) <= activeness }?.name ?? levels[0].name
    }

    /// The activeness range `[lower, upper)` of a level, or nil if there is no such level.
    public func range(of name: String) -> (lower: Int?, upper: Int?)? {
        guard let index = levels.firstIndex(where: { $0.name == name }) else { return nil }
        let upper = index + 1 < levels.count ? levels[index + 1].minimum : nil
        return (levels[index].minimum, upper)
    }

    public var json: JSONValue {
        .object([
            "levels": .array(levels.map { level in
                .object(["name": .string(level.name), "minimum": level.minimum.map { .integer($0) } ?? .null])
            }),
            "windowDays": windowDays.map { .integer($0) } ?? .null,
        ])
    }

    /// Reads `{"levels": [{"name", "minimum"}], "windowDays"}`: 1 to 20 levels with distinct names,
    /// the first without a minimum, the others with strictly increasing minimums.
    public static func read(_ body: JSONValue) throws(ValidationFailure) -> ActivenessLevels {
        var reader = try JSONObjectReader(body)
        let items = reader.array("levels", required: true) ?? []
        let windowDays = reader.integer("windowDays", range: 1...3650)
        reader.rejectUnknownMembers()
        if reader.members["levels"] != nil, !(1...20).contains(items.count) {
            reader.fail("levels", "must hold 1 to 20 levels")
        }
        var levels: [Level] = []
        for (i, item) in items.prefix(20).enumerated() {
            let path = reader.path.member("levels").index(i)
            var level: JSONObjectReader
            do { level = try JSONObjectReader(item, at: path) } catch {
                reader.errors += error.errors
                continue
            }
            let name = level.string("name", required: true, maxLength: 64)
            if name == "" { level.fail("name", "must not be empty") }
            if let name, levels.contains(where: { $0.name == name }) { level.fail("name", "is used twice") }
            let minimum = level.integer("minimum", range: -1_000_000_000...1_000_000_000)
            if i == 0, minimum != nil { level.fail("minimum", "the first level has no minimum: it holds everything below the second") }
            if i > 0, minimum == nil { level.fail("minimum", "is required after the first level") }
            if let minimum, let previous = levels.last?.minimum, minimum <= previous {
                level.fail("minimum", "must be greater than the previous level's minimum")
            }
            level.rejectUnknownMembers()
            reader.errors += level.errors
            if level.errors.isEmpty, let name { levels.append(Level(name: name, minimum: minimum)) }
        }
        try reader.check()
        return ActivenessLevels(levels: levels, windowDays: windowDays)
    }
}
