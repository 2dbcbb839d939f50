/// Reading definitions from request bodies, with every rule of the tracking plan.
extension EventDefinition {
    /// The rule for custom event and property ids: `cl_`, then 1 to 60 of `a-z`, `0-9`, `_`.
    public static func isCustomID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard bytes.count >= 4, bytes.count <= 63, bytes.starts(with: Array("cl_".utf8)) else { return false }
        return bytes.dropFirst(3).allSatisfy { b in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
                || b == UInt8(ascii: "_")
        }
    }

    static let customIDRule = "must match ^cl_[a-z0-9_]{1,60}$"
    static let scoreRange = -1_000_000...1_000_000
    static let maximumProperties = 100

    /// A new custom definition from a `POST /v1/event-definitions` body.
    public static func create(from body: JSONValue, now: Int64) throws(ValidationFailure) -> EventDefinition {
        var reader = try JSONObjectReader(body)
        let id = reader.string("id", required: true, maxLength: 63)
        if let id, !isCustomID(id) { reader.fail("id", customIDRule) }
        let name = readName(&reader, required: true)
        let direction = readDirection(&reader, required: true)
        let score = reader.integer("score", range: scoreRange) ?? 0
        let stage = reader.string("stage", maxLength: 64)
        let group = EventGroup.readName(&reader, "group", required: false)
        let description = reader.string("description", maxLength: 1000)
        let properties = readProperties(&reader) ?? []
        reader.rejectUnknownMembers()
        if let direction, direction == .outbound, score != 0 {
            reader.fail("score", "only inbound events may have a non-zero score")
        }
        try reader.check()
        return EventDefinition(
            id: id!, name: name!, direction: direction!, score: score, stage: stage, group: group,
            description: description, properties: properties, system: false, createdAt: now, updatedAt: now)
    }

    /// This definition changed by a `PATCH` body. System definitions accept only `score` and `stage`;
    /// the id can never change.
    public func patched(with body: JSONValue, now: Int64) throws(ValidationFailure) -> EventDefinition {
        var reader = try JSONObjectReader(body)
        var result = self
        if let newID = reader.string("id", maxLength: 255), newID != id {
            reader.fail("id", "cannot be changed after creation")
        }
        if system {
            for field in ["name", "direction", "group", "description", "properties"] where reader.isPresent(field) {
                _ = reader.value(field)
                reader.fail(field, "is fixed for system events; only score and stage may be edited")
            }
        } else {
            if let name = Self.readName(&reader, required: false) { result.name = name }
            if let direction = Self.readDirection(&reader, required: false) { result.direction = direction }
            if reader.isPresent("group") { result.group = EventGroup.readName(&reader, "group", required: false) }
            if reader.isPresent("description") { result.description = reader.string("description", maxLength: 1000) }
            if let properties = Self.readProperties(&reader) { result.properties = properties }
        }
        if let score = reader.integer("score", range: Self.scoreRange) { result.score = score }
        if reader.isPresent("stage") { result.stage = reader.string("stage", maxLength: 64) }
        reader.rejectUnknownMembers()
        if result.direction == .outbound, result.score != 0 {
            reader.fail("score", "only inbound events may have a non-zero score")
        }
        try reader.check()
        result.updatedAt = now
        return result
    }

    private static func readName(_ reader: inout JSONObjectReader, required: Bool) -> String? {
        guard let name = reader.string("name", required: required, maxLength: 100) else { return nil }
        let trimmed = name.trimmingWhitespace()
        if trimmed.isEmpty {
            reader.fail("name", "must not be empty")
            return nil
        }
        return trimmed
    }

    private static func readDirection(_ reader: inout JSONObjectReader, required: Bool) -> Direction? {
        guard let raw = reader.string("direction", required: required) else { return nil }
        guard let direction = Direction(rawValue: raw) else {
            reader.fail("direction", "must be \"inbound\" or \"outbound\"")
            return nil
        }
        return direction
    }

    private static func readProperties(_ reader: inout JSONObjectReader) -> [PropertyDefinition]? {
        guard let elements = reader.array("properties") else { return nil }
        if elements.count > maximumProperties {
            reader.fail("properties", "at most \(maximumProperties) properties per event")
            return nil
        }
        var result: [PropertyDefinition] = []
        var seen: Set<String> = []
        for (i, element) in elements.enumerated() {
            let path = reader.path.member("properties").index(i)
            var item: JSONObjectReader
            do { item = try JSONObjectReader(element, at: path) } catch {
                reader.errors += error.errors
                continue
            }
            let id = item.string("id", required: true, maxLength: 63)
            if let id, !isCustomID(id) { item.fail("id", customIDRule) }
            if let id, !seen.insert(id).inserted { item.fail("id", "is declared twice") }
            let name = item.string("name", required: true, maxLength: 100)?.trimmingWhitespace()
            if name == "" { item.fail("name", "must not be empty") }
            var type: PropertyType?
            if let raw = item.string("type", required: true) {
                type = PropertyType(rawValue: raw)
                if type == nil { item.fail("type", "must be one of string, number, timestamp, url") }
            }
            item.rejectUnknownMembers()
            reader.errors += item.errors
            if item.errors.isEmpty, let id, let name, let type {
                result.append(PropertyDefinition(id: id, name: name, type: type))
            }
        }
        return result
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
