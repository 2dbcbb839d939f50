/// A filter over a workspace's contacts, as a typed tree: what `POST /v1/contacts/search`,
/// segments and (for `where`) analytics take, after ``AudienceFilter/parse(_:at:context:)``.
///
/// ```swift
/// let filter = try AudienceFilter.parse(json, at: FieldPath("filter"), context: context)
/// // {"not": {"did": {"event": "cl_order_completed", "within": {"days": 30}}}}
/// ```
public indirect enum AudienceFilter: Sendable, Equatable {
    /// Every condition holds (an empty list holds for every contact).
    case all([AudienceFilter])
    /// At least one condition holds (an empty list holds for none).
    case any([AudienceFilter])
    case not(AudienceFilter)
    case did(DidCondition)
    case attribute(name: String, ValueCondition)
    /// `phone`, `email` or `externalId`.
    case identifier(ContactIdentifierField, ValueCondition)
    /// Activeness (over the workspace's window, as contacts show it) in `[lower, upper)`.
    case activeness(lower: Int?, upper: Int?)
    /// The contact's stage (a contact without one is in the workspace's first stage) is one of these.
    case stage([String])
    /// At least one of the contact's events carried the content tag.
    case tag(String)
    case firstEvent(TimeWindow)
    case lastEvent(TimeWindow)
}

/// The identifiers a filter can test.
public enum ContactIdentifierField: String, Sendable, CaseIterable {
    case phone, email, externalId
}

/// `did`: the contact has a number of events of one kind, in a window, matching conditions on
/// their properties. Without `count`, at least one.
public struct DidCondition: Sendable, Equatable {
    public var event: String
    public var window: TimeWindow?
    public var count: CountCondition
    public var conditions: [PropertyCondition]

    public init(event: String, window: TimeWindow? = nil, count: CountCondition = .atLeastOne, conditions: [PropertyCondition] = []) {
        self.event = event
        self.window = window
        self.count = count
        self.conditions = conditions
    }
}

/// Bounds on a number of events; every bound given must hold.
public struct CountCondition: Sendable, Equatable {
    public var gte: Int?
    public var gt: Int?
    public var lte: Int?
    public var lt: Int?
    public var eq: Int?

    public init(gte: Int? = nil, gt: Int? = nil, lte: Int? = nil, lt: Int? = nil, eq: Int? = nil) {
        self.gte = gte
        self.gt = gt
        self.lte = lte
        self.lt = lt
        self.eq = eq
    }

    public static let atLeastOne = CountCondition(gte: 1)

    public func matches(_ count: Int) -> Bool {
        (gte.map { count >= $0 } ?? true) && (gt.map { count > $0 } ?? true) && (lte.map { count <= $0 } ?? true)
            && (lt.map { count < $0 } ?? true) && (eq.map { count == $0 } ?? true)
    }
}

/// A time window, relative to the time of the query or absolute. `from` inclusive, `to` exclusive.
public enum TimeWindow: Sendable, Equatable {
    /// The last `millis` milliseconds before the query: `[now − millis, now]`.
    case last(millis: Int64)
    case between(from: Int64?, to: Int64?)

    /// The window as `[from, to)` in UTC milliseconds at query time `now`.
    public func bounds(now: Int64) -> (from: Int64, to: Int64) {
        switch self {
        case .last(let millis): (now - millis, now + 1)
        case .between(let from, let to): (from ?? Int64.min, to ?? Int64.max)
        }
    }

    public func contains(_ time: Int64, now: Int64) -> Bool {
        let (from, to) = bounds(now: now)
        return time >= from && time < to
    }
}

/// What a filter needs to know about the workspace to be read: the types of properties,
/// activeness levels and stages.
public struct AudienceContext: Sendable {
    public var definitions: [String: EventDefinition]
    public var levels: ActivenessLevels
    public var stages: LifecycleStages

    public init(definitions: [EventDefinition], levels: ActivenessLevels = .default, stages: LifecycleStages = .default) {
        self.definitions = Dictionary(definitions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.levels = levels
        self.stages = stages
    }
}
