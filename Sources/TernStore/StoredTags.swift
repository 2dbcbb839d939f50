import TernCore

/// Content tags as both stores keep them, on events and materials: a JSON array of strings in a
/// text column (not `jsonb` on PostgreSQL: no reparsing, and `\u0000` stays legal in the text).
enum StoredTags {
    static func text(_ tags: [String]) -> String { JSONWriter.string(.array(tags.map(JSONValue.string))) }

    /// An event without tags stores NULL.
    static func optionalText(_ tags: [String]) -> String? { tags.isEmpty ? nil : text(tags) }

    static func tags(_ text: String?) -> [String] {
        text.flatMap { try? JSONParser.parse($0) }?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
