/// The content tags an event or a material carries (`["shoes", "sale"]`): what the content was
/// about, counted per contact as its content preferences.
public enum ContentTags {
    public static let maximumCount = 20
    public static let maximumLength = 64

    /// Reads member `field` of the reader's object: at most 20 strings of 1 to 64 characters, in the
    /// order given, each once. Events and materials share this rule.
    public static func read(_ reader: inout JSONObjectReader, _ field: String) -> [String] {
        guard let raw = reader.array(field) else { return [] }
        guard raw.count <= maximumCount else {
            reader.fail(field, "at most \(maximumCount) tags")
            return []
        }
        var tags: [String] = []
        for (i, tag) in raw.enumerated() {
            guard case .string(let s) = tag, !s.isEmpty, s.unicodeScalars.count <= maximumLength else {
                reader.errors.append(FieldError(
                    field: reader.path.member(field).index(i).description, message: "must be a string of 1 to \(maximumLength) characters"))
                continue
            }
            if JSONObjectReader.holdsNUL(s) {
                reader.errors.append(FieldError(field: reader.path.member(field).index(i).description, message: JSONObjectReader.nulMessage))
                continue
            }
            if !tags.contains(s) { tags.append(s) }
        }
        return tags
    }

    /// The tags of an event on a material: the event's own first, then the material's it lacks.
    public static func union(_ own: [String], _ material: [String]) -> [String] {
        own + material.filter { !own.contains($0) }
    }
}
