/// Segment's HTTP Tracking API messages, turned into what Tern does with them.
///
/// ```swift
/// let action = SegmentMessage.interpret(message, sentAt: nil, receivedAt: now, validator: validator, source: .segment)
/// ```
public enum SegmentMessage {
    /// Traits that set identifiers; the rest become attributes.
    public struct Traits: Sendable, Equatable {
        public var phone: String?
        public var email: String?
        public var attributes: [String: JSONValue]
        /// Traits that were left out because they break a rule (a phone that is not E.164);
        /// the others still apply, and these are kept in the quarantine.
        public var rejected: [FieldError]

        public init(phone: String? = nil, email: String? = nil, attributes: [String: JSONValue] = [:], rejected: [FieldError] = []) {
            self.phone = phone
            self.email = email
            self.attributes = attributes
            self.rejected = rejected
        }
    }

    public enum Action: Sendable, Equatable {
        /// `track`, `page`, `screen`: an event to record.
        case record(RecordableEvent)
        /// `identify` and `group`: create or update the contact (merging an anonymous visitor into it).
        case identify(ContactIdentity, Traits)
        /// `alias`: the contact known as `previousId` (a userId or an anonymousId) is `userId`.
        case alias(previousId: String, userId: String)
    }

    /// Why a message cannot be acted on; it is kept in quarantine with this reason.
    public struct Rejection: Error, Sendable, Equatable {
        public var reason: String
        public var event: String?
        public var errors: [FieldError]

        public init(reason: String, event: String?, errors: [FieldError]) {
            self.reason = reason
            self.event = event
            self.errors = errors
        }
    }

    public static let types: Set<String> = ["track", "identify", "page", "screen", "group", "alias"]

    /// Interprets one message. `type` is the route's (or the message's own, in a batch).
    public static func interpret(
        _ message: JSONValue, type routeType: String? = nil, sentAt batchSentAt: Int64? = nil, receivedAt: Int64,
        validator: EventValidator, source: EventSource
    ) -> Result<Action, Rejection> {
        guard case .object(let m) = message else {
            return .failure(Rejection(reason: "invalid_message", event: nil, errors: [FieldError(field: "$", message: "expected an object")]))
        }
        let type = routeType ?? m["type"]?.stringValue ?? ""
        guard types.contains(type) else {
            return .failure(Rejection(reason: "invalid_message", event: nil, errors: [FieldError(field: "type", message: "must be one of \(types.sorted().joined(separator: ", "))")]))
        }
        let userId = identifier(m["userId"])
        let anonymousId = identifier(m["anonymousId"])
        let previousId = identifier(m["previousId"])
        for (field, value) in [("userId", userId), ("anonymousId", anonymousId), ("previousId", previousId)]
        where value.map(JSONObjectReader.holdsNUL) ?? false {
            return .failure(Rejection(reason: "invalid_message", event: nil, errors: [FieldError(field: field, message: JSONObjectReader.nulMessage)]))
        }
        if type == "alias" {
            guard let previousId, let userId else {
                return .failure(Rejection(reason: "invalid_message", event: nil, errors: [FieldError(field: "previousId", message: "alias needs previousId and userId")]))
            }
            return .success(.alias(previousId: previousId, userId: userId))
        }
        guard userId != nil || anonymousId != nil else {
            return .failure(Rejection(reason: "invalid_message", event: nil, errors: [FieldError(field: "userId", message: "userId or anonymousId is required")]))
        }
        let identity = ContactIdentity(externalId: userId, anonymousId: anonymousId)

        switch type {
        case "identify", "group":
            var traits = Traits()
            let raw = m["traits"]?.objectValue ?? m["context"]?["traits"]?.objectValue ?? [:]
            for (key, value) in raw.sorted(by: { $0.key < $1.key }) {
                switch key {
                case "phone":
                    guard let text = value.stringValue else { continue }
                    switch PhoneNumber.normalize(text) {
                    case .success(let phone): traits.phone = phone
                    case .failure(let problem): traits.rejected.append(FieldError(field: "traits.phone", message: problem.message))
                    }
                case "email":
                    guard let text = value.stringValue else { continue }
                    if let email = Email.normalize(text) { traits.email = email } else {
                        traits.rejected.append(FieldError(field: "traits.email", message: "is not an email address"))
                    }
                default:
                    if type == "identify" { traits.attributes[key] = value }
                }
            }
            if type == "group" {
                traits.attributes["groupId"] = identifier(m["groupId"]).map(JSONValue.string) ?? .null
                traits.attributes["groupTraits"] = m["traits"] ?? .null
            }
            return .success(.identify(identity, traits))
        default:
            return event(type: type, m, identity: identity, sentAt: batchSentAt, receivedAt: receivedAt, validator: validator, source: source)
        }
    }

    private static func event(
        type: String, _ m: JSONObject, identity: ContactIdentity, sentAt batchSentAt: Int64?, receivedAt: Int64,
        validator: EventValidator, source: EventSource
    ) -> Result<Action, Rejection> {
        let eventID: String
        var properties: JSONObject = [:]
        var given = m["properties"]?.objectValue ?? [:]
        // The material the event happened on (`analytics.track("Email Opened", {materialId: "welcome-1"})`)
        // and the content's tags (`{contentTags: ["shoes", "sale"]}`): Segment's calls have no place of
        // their own for them. No declared property can have these ids: custom ones all start with `cl_`.
        let materialId = given.removeValue(forKey: "materialId")
        let contentTags = given.removeValue(forKey: "contentTags")
        switch type {
        case "page", "screen":
            eventID = type == "page" ? "page_viewed" : "screen_viewed"
            let page = m["context"]?["page"]?.objectValue ?? [:]
            let keys = type == "page" ? ["url", "title", "referrer", "path"] : ["name"]
            for key in keys {
                if let value = given[key] ?? page[key], value != .null, value != .string("") { properties[key] = value }
            }
            if type == "screen", properties["name"] == nil, let name = m["name"] { properties["name"] = name }
            if type == "page", properties["title"] == nil, let name = m["name"] { properties["title"] = name }
        default:
            guard let name = m["event"]?.stringValue, let id = validator.definitionID(forIdOrName: name) else {
                let name = m["event"]?.stringValue
                return .failure(Rejection(reason: "unknown_event", event: name, errors: [FieldError(field: "event", message: "no event definition has this id or name")]))
            }
            eventID = id
            properties = given
        }
        var native: JSONObject = [
            "event": .string(eventID),
            "time": .integer(time(m, sentAt: batchSentAt, receivedAt: receivedAt)),
            "properties": .object(properties),
        ]
        if let userId = identity.externalId { native["externalId"] = .string(userId) }
        if let anonymousId = identity.anonymousId { native["anonymousId"] = .string(anonymousId) }
        if let messageId = identifier(m["messageId"]) { native["messageId"] = .string(messageId) }
        if let materialId, materialId != .null { native["materialId"] = materialId }
        if let contentTags, contentTags != .null { native["contentTags"] = contentTags }
        switch validator.validate(.object(native), receivedAt: receivedAt, source: source) {
        case .success(let event): return .success(.record(event))
        case .failure(let failure):
            let errors = failure.errors.map { error in
                ["materialId", "contentTags"].contains { error.field == $0 || error.field.hasPrefix($0 + "[") }
                    ? FieldError(field: "properties." + error.field, message: error.message) : error
            }
            return .failure(Rejection(reason: reason(errors), event: eventID, errors: errors))
        }
    }

    /// Where a Segment message names its material.
    public static let materialField = "properties.materialId"

    /// Segment's clock-skew correction: a device's clock may be wrong, but the gap between when it
    /// made the event and when it sent it is right, so `time = receivedAt − (sentAt − timestamp)`.
    public static func time(_ m: JSONObject, sentAt batchSentAt: Int64?, receivedAt: Int64) -> Int64 {
        let stamp = (m["timestamp"] ?? m["originalTimestamp"]).flatMap(Timestamp.from)
        let sentAt = m["sentAt"].flatMap(Timestamp.from) ?? batchSentAt
        guard let stamp else { return receivedAt }
        guard let sentAt else { return stamp }
        return max(0, receivedAt - (sentAt - stamp))
    }

    /// Segment SDKs send ids as strings, sometimes numbers.
    static func identifier(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s) where !s.isEmpty: s
        case .number(let n): n
        default: nil
        }
    }

    static func reason(_ errors: [FieldError]) -> String {
        if errors.contains(where: { $0.field.hasPrefix("properties.") && $0.message.hasPrefix("is not a property") }) {
            return "undeclared_property"
        }
        if errors.contains(where: { $0.field.hasPrefix("properties.") }) { return "invalid_property" }
        if errors.contains(where: { $0.field == "time" }) { return "invalid_time" }
        return "invalid_message"
    }
}
