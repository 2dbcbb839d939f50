/// The comparison operators of `where` conditions and attribute / identifier conditions.
public enum ConditionOperator: String, Sendable, CaseIterable {
    case eq, neq, gt, gte, lt, lte, contains, startsWith, `in`, exists

    /// The operators a property of this type takes: strings and URLs are not ordered,
    /// numbers and timestamps have no substrings.
    public static func allowed(for type: PropertyType) -> [ConditionOperator] {
        switch type {
        case .string, .url: [.eq, .neq, .contains, .startsWith, .in, .exists]
        case .number, .timestamp: [.eq, .neq, .gt, .gte, .lt, .lte, .in, .exists]
        }
    }
}

/// A condition on one property of an event, typed by the property's declared type.
///
/// `neq` is the complement of `eq`: it also holds when the event lacks the property. Other
/// operators need the property, stored with the declared type (a value stored before the
/// definition changed type matches only `neq` and `exists`). Strings compare by their bytes,
/// case-sensitively.
public struct PropertyCondition: Sendable, Equatable {
    public var property: String
    public var op: ConditionOperator
    /// One operand; the list for `in`; none for `exists`.
    public var values: [PropertyValue]
    /// For `exists`: whether the property must be present (true) or absent (false).
    public var exists: Bool

    public init(property: String, op: ConditionOperator, values: [PropertyValue] = [], exists: Bool = true) {
        self.property = property
        self.op = op
        self.values = values
        self.exists = exists
    }

    public func matches(_ properties: [String: PropertyValue]) -> Bool {
        matches(properties[property])
    }

    public func matches(_ value: PropertyValue?) -> Bool {
        switch op {
        case .exists: return (value != nil) == exists
        case .neq: return !values.contains { Self.equal(value, $0) }
        case .eq, .in: return values.contains { Self.equal(value, $0) }
        case .gt, .gte, .lt, .lte:
            guard let value, let operand = values.first, let order = Self.order(value, operand) else { return false }
            switch op {
            case .gt: return order > 0
            case .gte: return order >= 0
            case .lt: return order < 0
            default: return order <= 0
            }
        case .contains, .startsWith:
            guard let text = value.flatMap(Self.text), let operand = values.first.flatMap(Self.text) else { return false }
            return op == .contains ? ByteText.contains(text, operand) : text.utf8.starts(with: operand.utf8)
        }
    }

    static func equal(_ a: PropertyValue?, _ b: PropertyValue) -> Bool {
        switch (a, b) {
        case (.string(let x)?, .string(let y)), (.url(let x)?, .url(let y)): x.utf8.elementsEqual(y.utf8)
        case (.number(let x)?, .number(let y)), (.timestamp(let x)?, .timestamp(let y)): x == y
        default: false
        }
    }

    static func order(_ a: PropertyValue, _ b: PropertyValue) -> Int? {
        switch (a, b) {
        case (.number(let x), .number(let y)), (.timestamp(let x), .timestamp(let y)): x < y ? -1 : (x == y ? 0 : 1)
        default: nil
        }
    }

    static func text(_ value: PropertyValue) -> String? {
        switch value {
        case .string(let s), .url(let s): s
        default: nil
        }
    }
}

/// A condition on a contact's attribute or identifier, whose values are any JSON.
///
/// Numbers compare by value, strings by their bytes; `gt`…`lte` order numbers with numbers and
/// strings with strings (ISO 8601 dates order correctly as text). `neq` also holds when the
/// value is missing.
public struct ValueCondition: Sendable, Equatable {
    public var op: ConditionOperator
    public var values: [JSONValue]
    public var exists: Bool

    public init(op: ConditionOperator, values: [JSONValue] = [], exists: Bool = true) {
        self.op = op
        self.values = values
        self.exists = exists
    }

    public func matches(_ value: JSONValue?) -> Bool {
        let value = value == .null ? nil : value
        switch op {
        case .exists: return (value != nil) == exists
        case .neq: return !values.contains { Self.order(value, $0) == 0 }
        case .eq, .in: return values.contains { Self.order(value, $0) == 0 }
        case .gt, .gte, .lt, .lte:
            guard let operand = values.first, let order = Self.order(value, operand) else { return false }
            switch op {
            case .gt: return order > 0
            case .gte: return order >= 0
            case .lt: return order < 0
            default: return order <= 0
            }
        case .contains, .startsWith:
            guard case .string(let text)? = value, case .string(let operand)? = values.first else { return false }
            return op == .contains ? ByteText.contains(text, operand) : text.utf8.starts(with: operand.utf8)
        }
    }

    /// -1, 0 or 1 when the two are comparable (numbers, strings, booleans for equality); nil otherwise.
    static func order(_ a: JSONValue?, _ b: JSONValue) -> Int? {
        switch (a, b) {
        case (.number(let x)?, .number(let y)):
            guard let x = Double(x), let y = Double(y) else { return nil }
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.string(let x)?, .string(let y)):
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : (x.utf8.elementsEqual(y.utf8) ? 0 : 1)
        case (.bool(let x)?, .bool(let y)):
            return x == y ? 0 : nil
        default:
            return nil
        }
    }
}

/// Byte-wise text search, so matching agrees with SQL (`instr`) rather than with Unicode equivalence.
enum ByteText {
    static func contains(_ text: String, _ part: String) -> Bool {
        let t = Array(text.utf8), p = Array(part.utf8)
        if p.isEmpty { return true }
        guard t.count >= p.count else { return false }
        for start in 0...(t.count - p.count) where t[start] == p[0] {
            if t[start..<start + p.count].elementsEqual(p) { return true }
        }
        return false
    }
}
