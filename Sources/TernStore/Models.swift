import TernCore

/// A tenant: every stored row belongs to exactly one.
public struct Workspace: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var createdAt: Int64

    public init(id: Int64, name: String, createdAt: Int64) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

/// Public ids of workspaces: `ws_` and the stored integer.
public enum WorkspaceID {
    public static func format(_ id: Int64) -> String { "ws_\(id)" }

    public static func parse(_ text: String) -> Int64? {
        guard text.hasPrefix("ws_"), let id = Int64(text.dropFirst(3)), id > 0 else { return nil }
        return id
    }
}

/// What a key may do. Admin keys can do everything in their workspace; write keys can only send events.
public enum KeyScope: String, Sendable, Codable {
    case admin
    case write
}

/// What a presented key is allowed to do, and where.
public struct KeyGrant: Sendable, Equatable {
    public var workspaceId: Int64
    public var scope: KeyScope
    public var label: String

    public init(workspaceId: Int64, scope: KeyScope, label: String) {
        self.workspaceId = workspaceId
        self.scope = scope
        self.label = label
    }
}

/// A new workspace and its first keys, in clear text: the only time they are shown.
public struct WorkspaceCredentials: Sendable {
    public var workspace: Workspace
    public var adminKey: String
    public var writeKey: String
}

/// A customer, known by any of its identifiers.
public struct Contact: Sendable, Equatable {
    public var id: Int64
    public var phone: String?
    public var externalId: String?
    public var email: String?
    public var attributes: [String: JSONValue]
    public var createdAt: Int64
    public var updatedAt: Int64
    /// The sum of the scores of all its events (a rollup; see ``Store/activeness(workspaceId:contactIds:since:)``
    /// for a window).
    public var activeness: Int
    /// Its lifecycle stage; nil until an event pushes one (shown as the workspace's first stage).
    public var stage: String?
    /// The anonymous ids (Segment's `anonymousId`) that name this contact.
    public var anonymousIds: [String] = []

    public init(
        id: Int64, phone: String?, externalId: String?, email: String?, attributes: [String: JSONValue],
        createdAt: Int64, updatedAt: Int64, activeness: Int = 0, stage: String? = nil
    ) {
        self.id = id
        self.phone = phone
        self.externalId = externalId
        self.email = email
        self.attributes = attributes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.activeness = activeness
        self.stage = stage
    }
}

extension Contact {
    /// Whether the contact has no identifier of the kind `key` names.
    public func lacks(_ key: ContactKey) -> Bool {
        switch key {
        case .phone: phone == nil
        case .externalId: externalId == nil
        case .email: email == nil
        case .id, .anonymousId: false
        }
    }
}

/// A change to a contact: identifiers to set (`.some(nil)` clears one) and attributes to merge
/// (a `null` value removes the attribute).
public struct ContactChanges: Sendable {
    public var phone: String??
    public var externalId: String??
    public var email: String??
    public var attributes: [String: JSONValue]

    public init(phone: String?? = nil, externalId: String?? = nil, email: String?? = nil, attributes: [String: JSONValue] = [:]) {
        self.phone = phone
        self.externalId = externalId
        self.email = email
        self.attributes = attributes
    }

    public var isEmpty: Bool { phone == nil && externalId == nil && email == nil && attributes.isEmpty }
}

/// The events of one request, to be recorded in the same transaction as other requests' batches.
public struct EventBatch: Sendable {
    public var workspaceId: Int64
    public var events: [RecordableEvent]
    public var receivedAt: Int64

    public init(workspaceId: Int64, events: [RecordableEvent], receivedAt: Int64) {
        self.workspaceId = workspaceId
        self.events = events
        self.receivedAt = receivedAt
    }
}

/// What happened to one event of a batch.
public enum RecordOutcome: Sendable, Equatable {
    case recorded(eventId: Int64, contactId: Int64)
    /// An event with the same `messageId` was stored before; nothing new was written.
    case duplicate(eventId: Int64, contactId: Int64)
    /// The event named something that does not exist (a contact id, a material); `field` is relative to the event.
    case rejected(field: String, message: String)

    /// Why an event naming a material the workspace does not have is refused; both stores say it so.
    static func unknownMaterial(_ id: String) -> String { "no material with id \"\(id)\"; create it first at /v1/materials" }
}

/// A filter over a workspace's events. Pages go by the cursor; `newestFirst` orders by time
/// (the timeline), otherwise by id, the order in which events were stored.
public struct EventQuery: Sendable {
    public var workspaceId: Int64
    public var contactId: Int64?
    public var event: String?
    public var from: Int64?
    public var to: Int64?
    public var limit: Int
    public var cursor: EventCursor?
    public var newestFirst: Bool

    public init(
        workspaceId: Int64, contactId: Int64? = nil, event: String? = nil, from: Int64? = nil, to: Int64? = nil,
        limit: Int = 100, cursor: EventCursor? = nil, newestFirst: Bool = false
    ) {
        self.workspaceId = workspaceId
        self.contactId = contactId
        self.event = event
        self.from = from
        self.to = to
        self.limit = limit
        self.cursor = cursor
        self.newestFirst = newestFirst
    }
}

/// Where the previous page ended: the last row's time and id.
public struct EventCursor: Sendable, Equatable {
    public var time: Int64
    public var id: Int64

    public init(time: Int64, id: Int64) {
        self.time = time
        self.id = id
    }

    /// An opaque token for clients: `time.id`.
    public var token: String { "\(time).\(id)" }

    public init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let time = Int64(parts[0]), let id = Int64(parts[1]), id > 0 else { return nil }
        self.init(time: time, id: id)
    }
}

/// One page of events. `nextCursor` is the position after the last event (or the position
/// asked for, when the page is empty), so a client can keep polling it for events that arrive later;
/// `hasMore` says whether more events matched already.
public struct EventPage: Sendable {
    public var events: [StoredEvent]
    public var nextCursor: EventCursor?
    public var hasMore: Bool

    public init(events: [StoredEvent], nextCursor: EventCursor?, hasMore: Bool) {
        self.events = events
        self.nextCursor = nextCursor
        self.hasMore = hasMore
    }
}

/// Errors a store reports about the request rather than about itself.
public enum StoreError: Error, Sendable, Equatable {
    /// A unique rule was broken (a name or identifier already in use); `field` names it.
    case conflict(field: String, message: String)
    case notFound
    /// The database cannot be reached right now (no connection within the store's deadline, or the
    /// connection was lost); nothing was acknowledged, and the same request may be sent again.
    case unavailable
}
