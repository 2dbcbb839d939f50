/// A workspace's ordered lifecycle stages and whether contacts may move back.
public struct LifecycleStages: Sendable, Equatable {
    public enum Direction: String, Sendable {
        /// A contact only moves to a later stage: a customer who views a page stays a customer.
        case forward
        /// The latest stage-setting event (by event time) decides.
        case any
    }

    public var stages: [String]
    public var direction: Direction

    public init(stages: [String], direction: Direction = .forward) {
        self.stages = stages
        self.direction = direction
    }

    public static let `default` = LifecycleStages(stages: ["new", "engaged", "lead", "customer", "loyal"])

    /// A contact's position: its stage and the time and id of the event that set it.
    public struct Position: Sendable, Equatable {
        public var stage: String?
        public var time: Int64
        public var eventId: Int64

        public init(stage: String?, time: Int64, eventId: Int64) {
            self.stage = stage
            self.time = time
            self.eventId = eventId
        }
    }

    /// Where a contact stands after an event naming `stage`; nil if the event changes nothing.
    /// The stage may stay the same while the position moves (a newer event of the same stage).
    ///
    /// Forward: the stage of highest rank wins whatever the order events arrive in.
    /// Any direction: the event latest in (time, id) wins, so a late arrival of an older
    /// event does not override a newer one. Either way the result does not depend on arrival order.
    public func apply(_ stage: String, time: Int64, eventId: Int64, to current: Position) -> Position? {
        guard let rank = stages.firstIndex(of: stage) else { return nil }
        let candidate = Position(stage: stage, time: time, eventId: eventId)
        switch direction {
        case .forward:
            let currentRank = current.stage.flatMap { stages.firstIndex(of: $0) } ?? -1
            guard rank > currentRank else { return nil }
            return candidate
        case .any:
            guard (time, eventId) > (current.time, current.eventId) else { return nil }
            return candidate
        }
    }

    public var json: JSONValue {
        .object(["stages": .array(stages.map(JSONValue.string)), "direction": .string(direction.rawValue)])
    }

    /// Reads `{"stages": [names], "direction": "forward"|"any"}`: 1 to 20 distinct names.
    public static func read(_ body: JSONValue) throws(ValidationFailure) -> LifecycleStages {
        var reader = try JSONObjectReader(body)
        let items = reader.array("stages", required: true) ?? []
        var direction = Direction.forward
        if let raw = reader.string("direction") {
            if let parsed = Direction(rawValue: raw) { direction = parsed } else { reader.fail("direction", "must be forward or any") }
        }
        reader.rejectUnknownMembers()
        if reader.members["stages"] != nil, !(1...20).contains(items.count) { reader.fail("stages", "must hold 1 to 20 stages") }
        var stages: [String] = []
        for (i, item) in items.prefix(20).enumerated() {
            let field = reader.path.member("stages").index(i).description
            guard case .string(let name) = item, !name.isEmpty, name.unicodeScalars.count <= 64 else {
                reader.errors.append(FieldError(field: field, message: "must be a name of 1 to 64 characters"))
                continue
            }
            if JSONObjectReader.holdsNUL(name) {
                reader.errors.append(FieldError(field: field, message: JSONObjectReader.nulMessage))
                continue
            }
            if stages.contains(name) { reader.errors.append(FieldError(field: field, message: "is used twice")) }
            stages.append(name)
        }
        try reader.check()
        return LifecycleStages(stages: stages, direction: direction)
    }
}
