/// Reads the members of a request object by name, collecting every error with its path
/// instead of stopping at the first, and reporting members nobody asked for.
///
/// ```swift
/// var reader = try JSONObjectReader(value, at: FieldPath("events").index(3))
/// let name = reader.string("name", required: true)
/// reader.rejectUnknownMembers()
/// if !reader.errors.isEmpty { throw ValidationFailure(reader.errors) }
/// ```
public struct JSONObjectReader {
    public let path: FieldPath
    public let members: JSONObject
    public var errors: [FieldError] = []
    /// Every name asked for, repeats included: a few short names, cheaper to scan than to hash
    /// (this runs for every event of every batch).
    private var asked: [String] = []

    /// Fails with one error when `value` is not an object.
    public init(_ value: JSONValue, at path: FieldPath = FieldPath()) throws(ValidationFailure) {
        guard case .object(let members) = value else {
            throw ValidationFailure(field: path.description.isEmpty ? "$" : path.description,
                                    message: "expected an object, got \(value.typeName)")
        }
        self.path = path
        self.members = members
    }

    public mutating func fail(_ name: String, _ message: String) {
        errors.append(FieldError(field: path(name), message: message))
    }

    /// The raw member, marking it as known. `null` counts as absent.
    public mutating func value(_ name: String, required: Bool = false) -> JSONValue? {
        if asked.isEmpty { asked.reserveCapacity(16) }
        asked.append(name)
        guard let value = members[name], value != .null else {
            if required { fail(name, "is required") }
            return nil
        }
        return value
    }

    /// Whether the member is present, even as `null` (a PATCH that clears a field).
    public func isPresent(_ name: String) -> Bool { members[name] != nil }

    public mutating func string(_ name: String, required: Bool = false, maxLength: Int = 255) -> String? {
        guard let value = value(name, required: required) else { return nil }
        guard case .string(let s) = value else {
            fail(name, "expected a string, got \(value.typeName)")
            return nil
        }
        if s.utf8.count > maxLength, s.unicodeScalars.count > maxLength {
            fail(name, "is longer than \(maxLength) characters")
            return nil
        }
        if Self.holdsNUL(s) {
            fail(name, Self.nulMessage)
            return nil
        }
        return s
    }

    /// JSON can carry U+0000 (`\u0000`) but PostgreSQL text cannot hold it, so names, ids and
    /// identifiers refuse it on every store alike. (Values kept as JSON text, such as event
    /// properties and contact attributes, keep the escape and may hold it.)
    public static func holdsNUL(_ text: String) -> Bool { text.containsUTF8Byte { $0 == 0 } }
    public static let nulMessage = "must not contain the character U+0000"

    public mutating func integer(_ name: String, required: Bool = false, range: ClosedRange<Int>) -> Int? {
        guard let value = value(name, required: required) else { return nil }
        guard case .number(let text) = value, let int = Int(text) else {
            fail(name, "expected an integer, got \(value.typeName)")
            return nil
        }
        guard range.contains(int) else {
            fail(name, "must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return int
    }

    public mutating func bool(_ name: String) -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let b) = value else {
            fail(name, "expected a boolean, got \(value.typeName)")
            return nil
        }
        return b
    }

    public mutating func array(_ name: String, required: Bool = false) -> [JSONValue]? {
        guard let value = value(name, required: required) else { return nil }
        guard case .array(let a) = value else {
            fail(name, "expected an array, got \(value.typeName)")
            return nil
        }
        return a
    }

    public mutating func object(_ name: String) -> JSONObject? {
        guard let value = value(name) else { return nil }
        guard case .object(let o) = value else {
            fail(name, "expected an object, got \(value.typeName)")
            return nil
        }
        return o
    }

    /// Adds an error for every member that no accessor asked for.
    public mutating func rejectUnknownMembers() {
        guard members.contains(where: { !asked.contains($0.key) }) else { return }
        for name in members.keys.sorted() where !asked.contains(name) {
            fail(name, "is not a known field")
        }
    }

    /// Throws every error collected so far.
    public func check() throws(ValidationFailure) {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}
