/// Checks incoming events against a workspace's definitions. Pure: the definitions are a
/// snapshot held in memory, so validation costs no I/O. Every entry point uses this one validator.
public struct EventValidator: Sendable {
    public static let maximumFutureMillis: Int64 = 24 * 3600 * 1000

    /// What validating an event needs of its definition, behind one reference: looking up an
    /// ``EventDefinition`` itself copied every one of its fields for every event.
    private final class Rules: Sendable {
        let definition: EventDefinition
        /// The score an event of this kind records: 0 for an outbound one.
        let score: Int

        init(_ definition: EventDefinition) {
            self.definition = definition
            self.score = definition.direction == .inbound ? definition.score : 0
        }
    }

    private let rules: [String: Rules]
    private let idsByName: [String: String]

    public init(definitions: [EventDefinition]) {
        self.rules = Dictionary(definitions.map { ($0.id, Rules($0)) }, uniquingKeysWith: { a, _ in a })
        self.idsByName = Dictionary(definitions.map { ($0.name.lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a })
    }

    /// The id of the definition whose id is `text` or, failing that, whose name is `text` in any case.
    public func definitionID(forIdOrName text: String) -> String? {
        rules[text] != nil ? text : idsByName[text.lowercased()]
    }

    /// Validates one event object of a request; `path` locates it (`events[3]`).
    public func validate(
        _ json: JSONValue, at path: FieldPath = FieldPath(), receivedAt now: Int64, source: EventSource
    ) -> Result<RecordableEvent, ValidationFailure> {
        var reader: JSONObjectReader
        do { reader = try JSONObjectReader(json, at: path) } catch { return .failure(error) }

        let eventID = reader.string("event", required: true, maxLength: 63)
        let rules = eventID.flatMap { self.rules[$0] }
        if let eventID, rules == nil {
            reader.fail("event", "unknown event \"\(eventID)\"; define it first at /v1/event-definitions")
        }
        if let eventID, source != .system, SystemCatalog.recordedOnlyByTern.contains(eventID) {
            reader.fail("event", "\(eventID) is recorded by Tern itself")
        } else if source == .manual, let rules, rules.definition.system {
            reader.fail("event", "system events cannot be recorded manually; choose a custom event")
        }

        var time = now
        if let raw = reader.value("time") {
            if let parsed = Timestamp.from(raw) {
                if parsed > now + Self.maximumFutureMillis {
                    reader.fail("time", "is more than 24 hours in the future")
                }
                time = parsed
            } else {
                reader.fail("time", "must be an ISO 8601 time with offset or epoch milliseconds")
            }
        }

        let contact = ContactIdentity.read(from: &reader, required: true)

        // Pairs, not a dictionary: they are only written out as the stored text, sorted by key.
        var properties: [(key: String, value: PropertyValue)] = []
        if let raw = reader.object("properties"), let rules {
            properties.reserveCapacity(raw.count)
            for (key, value) in raw {
                func field() -> String { reader.path.member("properties").member(key).description }
                guard let type = rules.definition.propertyType(key) else {
                    reader.errors.append(FieldError(field: field(), message: "is not a property of \(rules.definition.id)"))
                    continue
                }
                if value == .null { continue }
                switch PropertyValue.validate(value, as: type) {
                case .success(let v): properties.append((key, v))
                case .failure(let problem): reader.errors.append(FieldError(field: field(), message: problem.message))
                }
            }
        }

        let contentTags = ContentTags.read(&reader, "contentTags")
        let materialId = MaterialID.read(&reader, "materialId")

        let messageId = reader.string("messageId", maxLength: 255)
        if messageId == "" { reader.fail("messageId", "must not be empty") }
        reader.rejectUnknownMembers()

        guard reader.errors.isEmpty, let eventID, let rules else {
            return .failure(ValidationFailure(reader.errors))
        }
        return .success(RecordableEvent(
            event: eventID, time: time, contact: contact, storedProperties: RecordableEvent.storedText(consume properties),
            contentTags: contentTags, messageId: messageId, source: source,
            score: rules.score, stage: rules.definition.stage, recordedBy: nil,
            materialId: materialId))
    }
}
