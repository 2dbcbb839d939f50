/// A property value in canonical form, checked against its declared ``PropertyType``.
///
/// - STRING: at most 255 characters (Unicode scalars).
/// - NUMBER: at most one decimal place, kept as an integer count of tenths (`12.5` is 125),
///   never as a float; magnitude below 10^14.
/// - TIMESTAMP: ISO 8601 with offset or epoch milliseconds, kept as UTC milliseconds.
/// - URL: absolute, scheme `http` or `https`, at most 2,048 characters.
public enum PropertyValue: Sendable, Hashable {
    case string(String)
    case number(tenths: Int64)
    case timestamp(millis: Int64)
    case url(String)

    public static let maximumStringLength = 255
    public static let maximumURLLength = 2048
    static let maximumTenths: Int64 = 1_000_000_000_000_000

    /// The value, or the rule it breaks.
    public static func validate(_ json: JSONValue, as type: PropertyType) -> Result<PropertyValue, FieldMessage> {
        switch type {
        case .string:
            guard case .string(let s) = json else { return .failure(.expected("a string", json)) }
            guard s.utf8.count <= maximumStringLength || s.unicodeScalars.count <= maximumStringLength else {
                return .failure(FieldMessage("is longer than \(maximumStringLength) characters"))
            }
            return .success(.string(s))
        case .number:
            guard case .number(let text) = json else { return .failure(.expected("a number", json)) }
            guard let tenths = tenths(fromLiteral: text) else {
                return .failure(FieldMessage("must be a number with at most one decimal place, below 10^14"))
            }
            return .success(.number(tenths: tenths))
        case .timestamp:
            guard let millis = Timestamp.from(json) else {
                return .failure(FieldMessage("must be an ISO 8601 time with offset or epoch milliseconds"))
            }
            return .success(.timestamp(millis: millis))
        case .url:
            guard case .string(let s) = json else { return .failure(.expected("a URL string", json)) }
            guard isWebURL(s) else {
                return .failure(FieldMessage("must be an absolute URL starting with http:// or https://"))
            }
            return .success(.url(s))
        }
    }

    /// The form read back by clients: numbers as decimals, timestamps as ISO 8601 UTC.
    public var canonicalJSON: JSONValue {
        switch self {
        case .string(let s), .url(let s): .string(s)
        case .number(let tenths): .number(Self.decimalText(tenths: tenths))
        case .timestamp(let millis): .string(Timestamp.iso8601(millis))
        }
    }

    /// The stored form: a one-member object tagging the type (`{"n":125}`), so a value reads
    /// back the same even after its definition changes.
    public var storedJSON: JSONValue {
        switch self {
        case .string(let s): .object(["s": .string(s)])
        case .number(let tenths): .object(["n": .integer(tenths)])
        case .timestamp(let millis): .object(["t": .integer(millis)])
        case .url(let s): .object(["u": .string(s)])
        }
    }

    public init?(stored: JSONValue) {
        guard case .object(let o) = stored, o.count == 1, let (tag, value) = o.first else { return nil }
        switch (tag, value) {
        case ("s", .string(let s)): self = .string(s)
        case ("u", .string(let s)): self = .url(s)
        case ("n", .number(let t)): guard let v = Int64(t) else { return nil }; self = .number(tenths: v)
        case ("t", .number(let t)): guard let v = Int64(t) else { return nil }; self = .timestamp(millis: v)
        default: return nil
        }
    }

    /// Exact conversion of a JSON number literal to tenths; nil if it needs a second decimal place.
    static func tenths(fromLiteral text: String) -> Int64? {
        if let tenths = plainTenths(text) { return tenths }
        // The parser has already checked the JSON number grammar: -?digits(.digits)?([eE][+-]?digits)?
        let parts = text.split(whereSeparator: { $0 == "e" || $0 == "E" })
        var exponent = 0
        if parts.count == 2 {
            let e = parts[1].hasPrefix("+") ? parts[1].dropFirst() : parts[1]
            guard let value = Int(e), abs(value) < 100 else { return nil }
            exponent = value
        }
        var mantissa = parts[0]
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa = mantissa.dropFirst() }
        let pieces = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = pieces.count == 2 ? pieces[1] : ""
        var digits = (pieces[0] + fraction).utf8.map { Int64($0 - UInt8(ascii: "0")) }
        // Zero has no decimal places whatever its exponent (`0e-5`); the loop below would strip it to nothing.
        if digits.allSatisfy({ $0 == 0 }) { return 0 }
        // value = digits × 10^(exponent − fraction digits); tenths need one more power of ten.
        var scale = exponent - fraction.count + 1
        while scale < 0, digits.last == 0 {
            digits.removeLast()
            scale += 1
        }
        guard scale >= 0 else { return nil }
        while digits.count > 1, digits.first == 0 { digits.removeFirst() }
        guard digits.count + scale <= 17 else { return nil }
        var result: Int64 = 0
        for d in digits { result = result * 10 + d }
        for _ in 0..<scale { result *= 10 }
        guard result < maximumTenths else { return nil }
        return negative ? -result : result
    }

    /// The common literals (`12`, `-3`, `12.5`) read byte by byte; nil for any other form (an
    /// exponent, more decimal places, many digits), which ``tenths(fromLiteral:)`` reads the long way.
    private static func plainTenths(_ text: String) -> Int64? {
        var bytes = text.utf8[...]
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }
        var whole: Int64 = 0, digits = 0
        while let byte = bytes.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            whole = whole * 10 + Int64(byte - UInt8(ascii: "0"))
            digits += 1
            bytes = bytes.dropFirst()
        }
        guard digits > 0, digits <= 15 else { return nil }
        var tenths = whole * 10
        if !bytes.isEmpty {
            guard bytes.count == 2, bytes.first == UInt8(ascii: "."), let last = bytes.last,
                  last >= UInt8(ascii: "0"), last <= UInt8(ascii: "9") else { return nil }
            tenths += Int64(last - UInt8(ascii: "0"))
        }
        guard tenths < maximumTenths else { return nil }
        return negative ? -tenths : tenths
    }

    static func decimalText(tenths: Int64) -> String {
        let sign = tenths < 0 ? "-" : ""
        let magnitude = tenths.magnitude
        let whole = magnitude / 10, fraction = magnitude % 10
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    static func isWebURL(_ s: String) -> Bool {
        var s = s
        // Over the string's bytes in place (a URL property is checked for every event that has one):
        // nil when the URL is not ASCII and needs the Unicode check below.
        let asciiVerdict: Bool? = s.withUTF8 { bytes in
            guard bytes.count <= maximumURLLength else { return false }
            // The scheme is ASCII in any case (`HTTPS://`): compared byte by byte, with no lowercased copy.
            func lowered(_ byte: UInt8) -> UInt8 { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte }
            func hasScheme(_ scheme: String) -> Bool {
                bytes.count >= scheme.utf8.count && zip(bytes, scheme.utf8).allSatisfy { lowered($0) == $1 }
            }
            let host = hasScheme("https://") ? 8 : hasScheme("http://") ? 7 : bytes.count
            guard host < bytes.count, bytes[host] != UInt8(ascii: "/"), bytes[host] != UInt8(ascii: "?"), bytes[host] != UInt8(ascii: "#") else {
                return false  // not http(s), or no host
            }
            // ASCII needs no Unicode property lookup: only its space and control characters are out.
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return !bytes.contains { $0 <= 0x20 || $0 == 0x7F }
        }
        if let asciiVerdict { return asciiVerdict }
        return !s.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
    }
}

/// A rule broken by a value, without the path (the caller knows where the value was).
public struct FieldMessage: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }

    static func expected(_ what: String, _ got: JSONValue) -> FieldMessage {
        FieldMessage("expected \(what), got \(got.typeName)")
    }
}
