/// A filter saved under a name (`Customers at risk`), for `/v1/segments`. Only the filter is kept,
/// never its members: they are found again from current data each time they are asked for.
///
/// Named `SavedSegment` to keep it apart from Segment (the tracking API Tern is compatible with).
///
/// ```swift
/// let segment = try SavedSegment.create(from: body, context: context, now: now)
/// // {"name": "Buyers", "filter": {"did": {"event": "cl_order_completed", "within": {"days": 30}}}}
/// ```
public struct SavedSegment: Sendable, Equatable {
    /// 0 until the store has given it one.
    public var id: Int64
    /// Unique in a workspace, ignoring case.
    public var name: String
    public var description: String?
    /// The filter as the client wrote it. It is read again against the workspace's current
    /// definitions, levels and stages whenever members are asked for, so it is kept as JSON
    /// rather than as an ``AudienceFilter`` typed by the definitions of the day it was saved.
    public var filter: JSONValue
    /// UTC milliseconds.
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(id: Int64 = 0, name: String, description: String? = nil, filter: JSONValue, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.name = name
        self.description = description
        self.filter = filter
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public static let maximumNameLength = 100
    public static let maximumDescriptionLength = 1000

    /// A new segment from a `POST /v1/segments` body `{"name", "filter", "description"?}`. The filter
    /// must read under `context` exactly as `POST /v1/contacts/search` reads it.
    public static func create(from body: JSONValue, context: AudienceContext, now: Int64) throws(ValidationFailure) -> SavedSegment {
        var reader = try JSONObjectReader(body)
        let name = readName(&reader, required: true)
        let description = reader.string("description", maxLength: maximumDescriptionLength)
        let filter = readFilter(&reader, context: context, required: true)
        reader.rejectUnknownMembers()
        try reader.check()
        return SavedSegment(name: name!, description: description, filter: filter!, createdAt: now, updatedAt: now)
    }

    /// This segment changed by a `PATCH` body: `name`, `filter` and `description` (`null` clears it).
    /// Only a filter given is checked, so a segment whose filter no longer fits can still be renamed.
    public func patched(with body: JSONValue, context: AudienceContext, now: Int64) throws(ValidationFailure) -> SavedSegment {
        var reader = try JSONObjectReader(body)
        var result = self
        for field in ["name", "filter"] where reader.members[field] == .null {
            _ = reader.value(field)
            reader.fail(field, "cannot be removed")
        }
        if let name = Self.readName(&reader, required: false) { result.name = name }
        if reader.isPresent("description") { result.description = reader.string("description", maxLength: Self.maximumDescriptionLength) }
        if let filter = Self.readFilter(&reader, context: context, required: false) { result.filter = filter }
        reader.rejectUnknownMembers()
        try reader.check()
        result.updatedAt = now
        return result
    }

    /// The saved filter read under the workspace as it is now; the errors name paths under `filter`,
    /// as search's do.
    public func currentFilter(context: AudienceContext) throws(ValidationFailure) -> AudienceFilter {
        try AudienceFilter.parse(filter, at: FieldPath("filter"), context: context)
    }

    private static func readName(_ reader: inout JSONObjectReader, required: Bool) -> String? {
        guard let raw = reader.string("name", required: required, maxLength: maximumNameLength) else { return nil }
        let name = raw.trimmingWhitespace()
        if name.isEmpty {
            reader.fail("name", "must not be empty")
            return nil
        }
        return name
    }

    /// The filter member as written, once it has been read without errors.
    private static func readFilter(_ reader: inout JSONObjectReader, context: AudienceContext, required: Bool) -> JSONValue? {
        guard let value = reader.value("filter", required: required) else { return nil }
        do {
            _ = try AudienceFilter.parse(value, at: reader.path.member("filter"), context: context)
        } catch {
            reader.errors += error.errors
            return nil
        }
        return value
    }
}

/// Public ids of saved segments: `sg_` and the stored integer.
public enum SavedSegmentID {
    public static func format(_ id: Int64) -> String { "sg_\(id)" }

    public static func parse(_ text: String) -> Int64? {
        // `format(id) == text` keeps one spelling per segment: no "sg_+3" or "sg_03".
        guard text.hasPrefix("sg_"), text.count <= 22, let id = Int64(text.dropFirst(3)), id > 0, format(id) == text else { return nil }
        return id
    }
}
