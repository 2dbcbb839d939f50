import TernCore

/// Events of one kind in a time range, as audiences and analytics read them.
public struct OccurrenceQuery: Sendable, Equatable {
    public var workspaceId: Int64
    public var event: String
    /// Inclusive; nil: since the beginning.
    public var from: Int64?
    /// Exclusive; nil: until the end.
    public var to: Int64?
    /// Whether to read properties (needed only for conditions on them, or a breakdown).
    public var includeProperties: Bool

    public init(workspaceId: Int64, event: String, from: Int64? = nil, to: Int64? = nil, includeProperties: Bool = false) {
        self.workspaceId = workspaceId
        self.event = event
        self.from = from
        self.to = to
        self.includeProperties = includeProperties
    }
}

/// Events of one kind as audiences and analytics read them: columns, sorted by time then id.
/// Columns, not one struct per event, because the questions scan millions of them.
public struct EventOccurrences: Sendable, Equatable {
    public var ids: [Int64] = []
    public var contactIds: [Int64] = []
    public var times: [Int64] = []
    /// One per event when the query asked for properties; empty otherwise.
    public var properties: [[String: PropertyValue]] = []

    public init() {}

    public init(ids: [Int64], contactIds: [Int64], times: [Int64], properties: [[String: PropertyValue]] = []) {
        self.ids = ids
        self.contactIds = contactIds
        self.times = times
        self.properties = properties
    }

    public var count: Int { ids.count }

    mutating func append(id: Int64, contactId: Int64, time: Int64) {
        ids.append(id)
        contactIds.append(contactId)
        times.append(time)
    }

    /// The properties of the `i`th event (empty when they were not read).
    func properties(at i: Int) -> [String: PropertyValue] { properties.isEmpty ? [:] : properties[i] }
}

/// The times of a contact's first and last events.
public struct EventTimeBounds: Sendable, Equatable {
    public var first: Int64
    public var last: Int64

    public init(first: Int64, last: Int64) {
        self.first = first
        self.last = last
    }
}
