/// Whether the customer acted (inbound) or the business acted on the customer (outbound).
public enum Direction: String, Sendable, Codable, CaseIterable {
    case inbound
    case outbound
}

/// The type a property value must have; see ``PropertyValue`` for the rules of each.
public enum PropertyType: String, Sendable, Codable, CaseIterable {
    case string
    case number
    case timestamp
    case url
}

/// A property an event may carry: `id` is its key in `properties`, `name` its display name.
public struct PropertyDefinition: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var type: PropertyType

    public init(id: String, name: String, type: PropertyType) {
        self.id = id
        self.name = name
        self.type = type
    }
}

/// An entry of a workspace's tracking plan: what an event means and what it carries.
///
/// Custom definitions have ids starting with `cl_`; system definitions come from
/// ``SystemCatalog`` and are recorded by Tern itself.
public struct EventDefinition: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var direction: Direction
    /// Added to a contact's activeness for each event; only inbound events may score.
    public var score: Int
    /// The lifecycle stage an event of this kind moves its contact to, if any.
    public var stage: String?
    public var group: String?
    /// The id of that group, as a store reads it back; a definition given to a store names its
    /// group by ``group`` and this is ignored.
    public var groupId: Int64?
    public var description: String?
    public var properties: [PropertyDefinition]
    public var system: Bool
    /// UTC milliseconds.
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(
        id: String, name: String, direction: Direction, score: Int = 0, stage: String? = nil,
        group: String? = nil, groupId: Int64? = nil, description: String? = nil, properties: [PropertyDefinition] = [],
        system: Bool = false, createdAt: Int64 = 0, updatedAt: Int64 = 0
    ) {
        self.id = id
        self.name = name
        self.direction = direction
        self.score = score
        self.stage = stage
        self.group = group
        self.groupId = groupId
        self.description = description
        self.properties = properties
        self.system = system
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The declared type of a property, including the presets every event may carry.
    public func propertyType(_ id: String) -> PropertyType? {
        if let declared = properties.first(where: { $0.id == id }) { return declared.type }
        return SystemCatalog.presetProperties.first(where: { $0.id == id })?.type
    }
}
