import TernCore

/// A message the Segment-compatible routes could not record, kept with why and as it came.
public struct RejectedEvent: Sendable, Equatable {
    public var id: Int64
    public var workspaceId: Int64
    public var receivedAt: Int64
    /// The batch's `sentAt`, kept so a replay corrects the clock skew the same way.
    public var sentAt: Int64?
    /// `unknown_event`, `undeclared_property`, `invalid_property`, `invalid_time`, `invalid_trait`,
    /// `invalid_message`, `identifier_conflict`, `unknown_material`, `too_large`.
    public var reason: String
    public var event: String?
    public var messageId: String?
    /// The Segment call: track, page, screen, identify, group, alias.
    public var type: String?
    public var source: EventSource
    public var errors: [FieldError]
    /// The message exactly as received, as JSON text.
    public var payload: String
    /// Set once a replay recorded it.
    public var replayedEventId: Int64?

    public init(
        id: Int64 = 0, workspaceId: Int64, receivedAt: Int64, sentAt: Int64?, reason: String, event: String?, messageId: String?,
        type: String?, source: EventSource, errors: [FieldError], payload: String, replayedEventId: Int64? = nil
    ) {
        self.id = id
        self.workspaceId = workspaceId
        self.receivedAt = receivedAt
        self.sentAt = sentAt
        self.reason = reason
        self.event = event
        self.messageId = messageId
        self.type = type
        self.source = source
        self.errors = errors
        self.payload = payload
        self.replayedEventId = replayedEventId
    }
}

public struct RejectedEventQuery: Sendable {
    public var workspaceId: Int64
    public var reason: String?
    public var event: String?
    public var from: Int64?
    public var to: Int64?
    /// Only those not replayed yet.
    public var pendingOnly: Bool
    public var after: Int64?
    public var limit: Int

    public init(
        workspaceId: Int64, reason: String? = nil, event: String? = nil, from: Int64? = nil, to: Int64? = nil,
        pendingOnly: Bool = false, after: Int64? = nil, limit: Int = 100
    ) {
        self.workspaceId = workspaceId
        self.reason = reason
        self.event = event
        self.from = from
        self.to = to
        self.pendingOnly = pendingOnly
        self.after = after
        self.limit = limit
    }
}
