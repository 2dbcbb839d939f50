/// A named folder of a workspace's tracking plan (`Checkout`, `Onboarding`), for display and filtering.
///
/// Names are unique in a workspace ignoring case. A definition belongs to at most one group;
/// deleting a group leaves its definitions ungrouped.
public struct EventGroup: Sendable, Equatable {
    public var id: Int64
    public var name: String
    /// How many definitions the group holds.
    public var eventCount: Int
    /// UTC milliseconds.
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(id: Int64, name: String, eventCount: Int = 0, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.name = name
        self.eventCount = eventCount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public static let maximumNameLength = 100

    /// The name of a new or renamed group from a `{"name": "Checkout"}` body: trimmed, 1 to 100 characters.
    public static func name(from body: JSONValue) throws(ValidationFailure) -> String {
        var reader = try JSONObjectReader(body)
        let name = readName(&reader, "name", required: true)
        reader.rejectUnknownMembers()
        try reader.check()
        return name!
    }

    /// Reads a group name from member `field` (`name` of a group, `group` of a definition), trimmed.
    /// Both entry points share this rule so that a group made by naming it on a definition obeys it too.
    static func readName(_ reader: inout JSONObjectReader, _ field: String, required: Bool) -> String? {
        guard let raw = reader.string(field, required: required, maxLength: maximumNameLength) else { return nil }
        let name = raw.trimmingWhitespace()
        if name.isEmpty {
            reader.fail(field, "must not be empty")
            return nil
        }
        return name
    }
}

/// Public ids of event groups: `grp_` and the stored integer.
public enum EventGroupID {
    public static func format(_ id: Int64) -> String { "grp_\(id)" }

    public static func parse(_ text: String) -> Int64? {
        // `format(id) == text` keeps one spelling per group: no "grp_+3" or "grp_03".
        guard text.hasPrefix("grp_"), text.count <= 23, let id = Int64(text.dropFirst(4)), id > 0, format(id) == text else { return nil }
        return id
    }
}
