/// Where an event came from; recorded on every event.
public enum EventSource: String, Sendable, Codable, CaseIterable {
    case api, segment, browser, manual, journey, system
}

/// An event that passed validation, in canonical form, ready to be stored.
public struct RecordableEvent: Sendable, Equatable {
    public var event: String
    /// UTC milliseconds.
    public var time: Int64
    public var contact: ContactIdentity
    /// The properties, read back from ``storedProperties``. Only the text is kept: nothing that
    /// records an event reads the values again, and a dictionary per event cost every event its
    /// allocation, its hashing and a reference more to copy.
    public var properties: [String: PropertyValue] {
        get { StoredEvent.properties(fromStored: storedProperties) }
        set { storedProperties = Self.storedText(Array(newValue)) }
    }
    /// The properties in stored form: a JSON object of type-tagged values. Written when the event
    /// is made (on the request's task), not by the single writer inside the transaction.
    public private(set) var storedProperties: String
    public var contentTags: [String]
    public var messageId: String?
    public var source: EventSource
    /// The definition's score when the event was recorded; 0 for outbound events.
    public var score: Int
    /// The lifecycle stage the definition pushed when the event was recorded.
    public var stage: String?
    /// Who recorded a manual event: the label of the key used.
    public var recordedBy: String?
    /// The material the event happened on; the store adds its content tags when it records the event.
    public var materialId: String?

    public init(
        event: String, time: Int64, contact: ContactIdentity, properties: [String: PropertyValue] = [:],
        contentTags: [String] = [], messageId: String? = nil, source: EventSource, score: Int = 0,
        stage: String? = nil, recordedBy: String? = nil, materialId: String? = nil
    ) {
        self.init(
            event: event, time: time, contact: contact, storedProperties: Self.storedText(Array(properties)), contentTags: contentTags,
            messageId: messageId, source: source, score: score, stage: stage, recordedBy: recordedBy, materialId: materialId)
    }

    /// An event whose properties are already in stored form (see ``storedText(_:)``).
    init(
        event: String, time: Int64, contact: ContactIdentity, storedProperties: String, contentTags: [String], messageId: String?,
        source: EventSource, score: Int, stage: String?, recordedBy: String?, materialId: String?
    ) {
        self.event = event
        self.time = time
        self.contact = contact
        self.storedProperties = storedProperties
        self.contentTags = contentTags
        self.messageId = messageId
        self.source = source
        self.score = score
        self.stage = stage
        self.recordedBy = recordedBy
        self.materialId = materialId
    }

    /// What `JSONWriter.string(.object(JSONObject(properties.mapValues(\.storedJSON))))` writes, without
    /// building the nested objects: this runs for every event recorded. The keys are distinct.
    static func storedText(_ properties: consuming [(key: String, value: PropertyValue)]) -> String {
        properties.sort { $0.key < $1.key }
        var out: [UInt8] = []
        out.reserveCapacity(2 + properties.count * 64)
        out.append(UInt8(ascii: "{"))
        for (index, (key, value)) in properties.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(key, into: &out)
            switch value {
            case .string(let s): out.append(contentsOf: #":{"s":"#.utf8); JSONWriter.writeString(s, into: &out)
            case .url(let s): out.append(contentsOf: #":{"u":"#.utf8); JSONWriter.writeString(s, into: &out)
            case .number(let tenths): out.append(contentsOf: #":{"n":\#(tenths)"#.utf8)
            case .timestamp(let millis): out.append(contentsOf: #":{"t":\#(millis)"#.utf8)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}

/// An event as read back: what every read API returns.
public struct StoredEvent: Sendable, Equatable {
    public var id: Int64
    public var event: String
    public var time: Int64
    public var receivedAt: Int64
    public var contactId: Int64
    public var properties: [String: PropertyValue]
    /// The event's own tags and those its material had when it was recorded.
    public var contentTags: [String]
    public var messageId: String?
    public var source: EventSource
    public var score: Int
    public var stage: String?
    public var recordedBy: String?
    public var materialId: String?

    public init(
        id: Int64, event: String, time: Int64, receivedAt: Int64, contactId: Int64,
        properties: [String: PropertyValue], contentTags: [String], messageId: String?, source: EventSource, score: Int,
        stage: String? = nil, recordedBy: String? = nil, materialId: String? = nil
    ) {
        self.id = id
        self.event = event
        self.time = time
        self.receivedAt = receivedAt
        self.contactId = contactId
        self.properties = properties
        self.contentTags = contentTags
        self.messageId = messageId
        self.source = source
        self.score = score
        self.stage = stage
        self.recordedBy = recordedBy
        self.materialId = materialId
    }

    /// Reads properties stored by ``RecordableEvent/storedProperties``.
    public static func properties(fromStored text: String) -> [String: PropertyValue] {
        guard case .object(let members)? = try? JSONParser.parse(text) else { return [:] }
        return members.compactMapValues(PropertyValue.init(stored:))
    }
}

/// Public ids of events: `ev_` and the stored integer.
public enum EventID {
    public static func format(_ id: Int64) -> String { "ev_\(id)" }

    public static func parse(_ text: String) -> Int64? {
        // `format(id) == text` keeps one spelling per event: no "ev_+7" or "ev_07".
        guard text.hasPrefix("ev_"), let id = Int64(text.dropFirst(3)), id > 0, text.count <= 22, format(id) == text else { return nil }
        return id
    }
}
