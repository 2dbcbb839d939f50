/// What an event happened on: a message template, a link, a page, a product. An event that names
/// a material (`"materialId": "welcome-email"`) carries the material's content tags as well as its
/// own, as the material has them when the event is recorded: editing a material changes later
/// events only.
///
/// ```swift
/// let input = try Material.input(from: body)   // {"name": "Welcome email", "contentTags": ["onboarding"]}
/// ```
public struct Material: Sendable, Equatable {
    /// Chosen by the workspace (a template id, a URL-safe slug); see ``MaterialID``.
    public var id: String
    public var name: String
    public var contentTags: [String]
    /// UTC milliseconds.
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(id: String, name: String, contentTags: [String], createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.name = name
        self.contentTags = contentTags
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public static let maximumNameLength = 255

    /// What a `PUT /v1/materials/{id}` body says: `{"name": "…", "contentTags": [...]}`. The name is
    /// required (trimmed, 1 to 255 characters); tags follow the events' rule (``ContentTags``) and
    /// default to none, since a PUT replaces the whole material.
    public static func input(from body: JSONValue) throws(ValidationFailure) -> (name: String, contentTags: [String]) {
        var reader = try JSONObjectReader(body)
        let name = reader.string("name", required: true, maxLength: maximumNameLength)?.trimmingWhitespace()
        if name == "" { reader.fail("name", "must not be empty") }
        let contentTags = ContentTags.read(&reader, "contentTags")
        reader.rejectUnknownMembers()
        try reader.check()
        return (name!, contentTags)
    }
}

/// Material ids: 1 to 128 letters, digits, `-`, `_`, `.` or `~` (the characters a URL path keeps
/// as they are, so an id needs no escaping in `/v1/materials/{id}`), starting with a letter or digit.
public enum MaterialID {
    public static let maximumLength = 128
    /// What a bad id is told, wherever it was given.
    public static let rule = "must be 1 to \(maximumLength) letters, digits, -, _, . or ~, starting with a letter or digit"

    public static func isValid(_ text: String) -> Bool {
        guard let first = text.utf8.first, isAlphanumeric(first), text.utf8.count <= maximumLength else { return false }
        return text.utf8.allSatisfy { isAlphanumeric($0) || punctuation.contains($0) }
    }

    /// Reads an optional material id from member `field`, failing with the rule when it breaks it.
    static func read(_ reader: inout JSONObjectReader, _ field: String) -> String? {
        guard let id = reader.string(field, maxLength: maximumLength) else { return nil }
        guard isValid(id) else {
            reader.fail(field, rule)
            return nil
        }
        return id
    }

    private static let punctuation = Set("-_.~".utf8)

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
