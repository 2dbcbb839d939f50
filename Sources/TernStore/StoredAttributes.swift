import TernCore

/// A contact's attributes as both stores keep them: a JSON object with its keys sorted, in a text
/// column (not `jsonb` on PostgreSQL, as for ``StoredTags``).
enum StoredAttributes {
    /// Members set to `null` (a request's way of clearing one) are left out.
    static func text(_ attributes: [String: JSONValue]) -> String {
        JSONWriter.string(.object(JSONObject(attributes.filter { $0.value != .null })))
    }

    /// The text of the attributes an update leaves a contact with, or the limit they break.
    static func checkedText(_ attributes: [String: JSONValue]) throws(ValidationFailure) -> String {
        let text = text(attributes)
        guard attributes.count <= ContactLimits.maximumAttributes, text.utf8.count <= ContactLimits.maximumAttributesBytes else {
            throw ValidationFailure(
                field: "attributes",
                message: "a contact holds at most \(ContactLimits.maximumAttributes) attributes and \(ContactLimits.maximumAttributesBytes / 1024) KB")
        }
        return text
    }

    static func attributes(_ text: String) -> [String: JSONValue] {
        (try? JSONParser.parse(text))?.objectValue?.dictionary ?? [:]
    }
}
