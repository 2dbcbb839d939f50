/// A JSON document as parsed from a request, keeping numbers as their literal text.
///
/// Numbers keep their text so that validation can judge them exactly
/// (`12.55` has two decimal places; as a `Double` it would be 12.550000000000000711).
///
/// ```swift
/// let value = try JSONParser.parse(Array(#"{"price": 12.5}"#.utf8))
/// value["price"]?.numberText   // "12.5"
/// ```
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var numberText: String? {
        if case .number(let n) = self { return n }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The JSON type's name, for error messages ("expected a string, got a number").
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Makes a number value from an integer.
    public static func integer(_ value: some BinaryInteger) -> JSONValue {
        .number(String(value))
    }
}
