/// Writes a ``JSONValue`` as compact JSON text with sorted keys, so equal values give equal text.
public enum JSONWriter {
    public static func string(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    public static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                write(element, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                writeString(key, into: &out)
                out += ":"
                write(members[key]!, into: &out)
            }
            out += "}"
        }
    }

    /// How many bytes ``string(_:)`` writes for `value`, counted without writing them: the size
    /// limit of each event in a large batch is checked this way, for every event.
    public static func byteCount(of value: JSONValue) -> Int {
        switch value {
        case .null: 4
        case .bool(let b): b ? 4 : 5
        case .number(let n): n.utf8.count
        case .string(let s): byteCount(ofString: s)
        case .array(let elements):
            elements.reduce(2 + max(0, elements.count - 1)) { $0 + byteCount(of: $1) }
        case .object(let members):
            members.reduce(2 + max(0, members.count - 1)) { $0 + byteCount(ofString: $1.key) + 1 + byteCount(of: $1.value) }
        }
    }

    /// What ``writeString(_:into:)`` writes for `s`, quotes and escapes included.
    static func byteCount(ofString s: String) -> Int {
        if !needsEscapes(s) { return s.utf8.count + 2 }
        return s.unicodeScalars.reduce(2) { count, scalar in
            switch scalar {
            case "\"", "\\", "\n", "\r", "\t": count + 2
            case "\u{00}"..."\u{1F}", "\u{2028}", "\u{2029}": count + 6
            default: count + UTF8.width(scalar)
            }
        }
    }

    public static func writeString(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escape: copy them whole.
        if !needsEscapes(s) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{00}"..."\u{1F}", "\u{2028}", "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// Whether `s` may hold a character ``writeString(_:into:)`` escapes: a quote, a backslash, a
    /// control character, or U+2028 or U+2029 (whose UTF-8 starts with 0xE2).
    static func needsEscapes(_ s: String) -> Bool {
        s.containsUTF8Byte { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0xE2 }
    }
}
