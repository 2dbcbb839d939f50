import TernCore

/// A workspace's engagement settings.
public struct WorkspaceSettings: Sendable, Equatable {
    public var activenessLevels: ActivenessLevels
    public var stages: LifecycleStages
    /// The web origins whose pages may send events with the workspace's write key; nil: any.
    public var allowedOrigins: [String]?

    public init(activenessLevels: ActivenessLevels = .default, stages: LifecycleStages = .default, allowedOrigins: [String]? = nil) {
        self.activenessLevels = activenessLevels
        self.stages = stages
        self.allowedOrigins = allowedOrigins
    }
}

/// One stage change of a contact and the event that made it.
public struct StageChange: Sendable, Equatable {
    public var from: String?
    public var to: String
    public var event: String
    public var eventId: Int64
    public var time: Int64

    public init(from: String?, to: String, event: String, eventId: Int64, time: Int64) {
        self.from = from
        self.to = to
        self.event = event
        self.eventId = eventId
        self.time = time
    }
}

/// What a support agent sees when opening a contact, beyond the contact itself.
public struct ContactProfile: Sendable, Equatable {
    public var contact: Contact
    public var stageHistory: [StageChange]
    /// The contact's content preferences: most frequent tags first.
    public var topTags: [(tag: String, count: Int)]
    public var firstEventAt: Int64?
    public var lastEventAt: Int64?
    public var eventCounts: [String: Int]

    public init(
        contact: Contact, stageHistory: [StageChange], topTags: [(tag: String, count: Int)], firstEventAt: Int64?,
        lastEventAt: Int64?, eventCounts: [String: Int]
    ) {
        self.contact = contact
        self.stageHistory = stageHistory
        self.topTags = topTags
        self.firstEventAt = firstEventAt
        self.lastEventAt = lastEventAt
        self.eventCounts = eventCounts
    }

    public static func == (a: ContactProfile, b: ContactProfile) -> Bool {
        a.contact == b.contact && a.stageHistory == b.stageHistory && a.topTags.map(\.tag) == b.topTags.map(\.tag)
            && a.topTags.map(\.count) == b.topTags.map(\.count) && a.firstEventAt == b.firstEventAt
            && a.lastEventAt == b.lastEventAt && a.eventCounts == b.eventCounts
    }
}

/// Which contacts a listing returns.
public enum ContactFilter: Sendable, Equatable {
    case all
    /// Contacts whose activeness is in `[lower, upper)`; with `since`, activeness counts only
    /// events at or after that time.
    case activeness(lower: Int?, upper: Int?, since: Int64?)
    /// Contacts with at least one event carrying the content tag.
    case tag(String)
}

/// The rollups of one contact, for comparing incremental upkeep with a rebuild.
public struct ContactRollups: Sendable, Equatable {
    public var activeness: Int
    public var stage: String?
    public var tags: [String: Int]

    public init(activeness: Int, stage: String?, tags: [String: Int]) {
        self.activeness = activeness
        self.stage = stage
        self.tags = tags
    }
}
