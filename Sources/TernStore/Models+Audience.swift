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

/// One event as audiences and analytics see it: who, when, and (when asked) its properties.
public struct EventOccurrence: Sendable, Equatable {
    public var id: Int64
    public var contactId: Int64
    public var time: Int64
    public var properties: [String: PropertyValue]

    public init(id: Int64, contactId: Int64, time: Int64, properties: [String: PropertyValue] = [:]) {
        self.id = id
        self.contactId = contactId
        self.time = time
        self.properties = properties
    }
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
