/// The ways a request may name a contact, in the order of precedence when several are given.
public enum ContactKey: Sendable, Hashable {
    case id(Int64)
    case phone(String)
    case externalId(String)
    case email(String)
    /// An anonymous visitor's id (Segment's `anonymousId`); a contact may have several.
    case anonymousId(String)
}

/// Identifiers given for one contact. The first present in `id`, `phone`, `externalId`,
/// `email`, `anonymousId` order names the contact; the others are attached to it (an
/// `anonymousId` that names another contact merges that contact into this one).
public struct ContactIdentity: Sendable, Hashable {
    public var id: Int64?
    public var phone: String?
    public var externalId: String?
    public var email: String?
    public var anonymousId: String?

    public init(
        id: Int64? = nil, phone: String? = nil, externalId: String? = nil, email: String? = nil, anonymousId: String? = nil
    ) {
        self.id = id
        self.phone = phone
        self.externalId = externalId
        self.email = email
        self.anonymousId = anonymousId
    }

    /// The identifier that names the contact, by precedence.
    public var primaryKey: ContactKey? {
        if let id { return .id(id) }
        if let phone { return .phone(phone) }
        if let externalId { return .externalId(externalId) }
        if let email { return .email(email) }
        if let anonymousId { return .anonymousId(anonymousId) }
        return nil
    }

    /// Reads `contactId`, `phone`, `externalId` and `email` from a request object.
    /// Adds an error at `missingField` when none is present and `required` is set.
    public static func read(from reader: inout JSONObjectReader, required: Bool) -> ContactIdentity {
        var identity = ContactIdentity()
        if let raw = reader.string("contactId", maxLength: 40) {
            if let id = ContactID.parse(raw) { identity.id = id } else { reader.fail("contactId", "is not a contact id") }
        }
        if let raw = reader.string("phone", maxLength: 40) {
            switch PhoneNumber.normalize(raw) {
            case .success(let phone): identity.phone = phone
            case .failure(let problem): reader.fail("phone", problem.message)
            }
        }
        if let raw = reader.string("externalId", maxLength: 255) {
            if raw.isEmpty { reader.fail("externalId", "must not be empty") } else { identity.externalId = raw }
        }
        if let raw = reader.string("email", maxLength: 254) {
            if let email = Email.normalize(raw) { identity.email = email } else { reader.fail("email", "is not an email address") }
        }
        if let raw = reader.string("anonymousId", maxLength: 255) {
            if raw.isEmpty { reader.fail("anonymousId", "must not be empty") } else { identity.anonymousId = raw }
        }
        let anyGiven = identity.id != nil || identity.phone != nil || identity.externalId != nil || identity.email != nil
            || identity.anonymousId != nil
            || ["contactId", "phone", "externalId", "email", "anonymousId"].contains { reader.members[$0] != nil && reader.members[$0] != .null }
        if required, !anyGiven {
            reader.errors.append(FieldError(
                field: reader.path.description.isEmpty ? "contactId" : reader.path("contactId"),
                message: "one of contactId, phone, externalId, email or anonymousId is required"))
        }
        return identity
    }
}

/// Public ids of contacts: `ct_` and the stored integer.
public enum ContactID {
    public static func format(_ id: Int64) -> String { "ct_\(id)" }

    public static func parse(_ text: String) -> Int64? {
        // `format(id) == text` keeps one spelling per contact: no "ct_+12" or "ct_012".
        guard text.hasPrefix("ct_"), let id = Int64(text.dropFirst(3)), id > 0, text.count <= 22, format(id) == text else { return nil }
        return id
    }
}

/// The contact number in E.164: `+` and 8 to 15 digits.
public enum PhoneNumber {
    /// Removes spaces, dashes and parentheses; anything else that is not E.164 is refused.
    public static func normalize(_ raw: String) -> Result<String, FieldMessage> {
        let kept = raw.unicodeScalars.filter { !" -()".unicodeScalars.contains($0) }
        let text = String(String.UnicodeScalarView(kept))
        guard text.hasPrefix("+") else {
            return .failure(FieldMessage("must be in E.164 form: + and 8 to 15 digits"))
        }
        let digits = text.dropFirst()
        guard (8...15).contains(digits.count), digits.utf8.allSatisfy({ (48...57).contains($0) }), !digits.hasPrefix("0") else {
            return .failure(FieldMessage("must be in E.164 form: + and 8 to 15 digits"))
        }
        return .success(text)
    }
}

/// Email addresses, compared case-insensitively.
public enum Email {
    public static func normalize(_ raw: String) -> String? {
        let email = raw.trimmingWhitespace().lowercased()
        guard email.utf8.count <= 254,
              !email.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }),
              let at = email.firstIndex(of: "@")
        else { return nil }
        let local = email[..<at], domain = email[email.index(after: at)...]
        guard !local.isEmpty, domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("@")
        else { return nil }
        return email
    }
}

/// How much free-form data a contact may carry.
public enum ContactLimits {
    public static let maximumAttributes = 100
    public static let maximumAttributesBytes = 16 * 1024
}
