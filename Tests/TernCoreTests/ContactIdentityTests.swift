import Testing
import TernCore

struct ContactIdentityTests {
    // MARK: Precedence

    @Test func contactIDComesFirst() {
        let identity = ContactIdentity(id: 7, phone: "+15551234567", externalId: "x-1", email: "ada@example.com")
        #expect(identity.primaryKey == .id(7))
    }

    @Test func phoneComesBeforeExternalIDAndEmail() {
        let identity = ContactIdentity(phone: "+15551234567", externalId: "x-1", email: "ada@example.com")
        #expect(identity.primaryKey == .phone("+15551234567"))
    }

    @Test func externalIDComesBeforeEmail() {
        let identity = ContactIdentity(externalId: "x-1", email: "ada@example.com")
        #expect(identity.primaryKey == .externalId("x-1"))
    }

    @Test func emailNamesTheContactWhenAlone() {
        #expect(ContactIdentity(email: "ada@example.com").primaryKey == .email("ada@example.com"))
    }

    @Test func noIdentifierMeansNoPrimaryKey() {
        #expect(ContactIdentity().primaryKey == nil)
    }

    // MARK: Reading a request

    private func read(_ text: String, at path: FieldPath = FieldPath(), required: Bool = true) throws -> (ContactIdentity, [FieldError]) {
        var reader = try JSONObjectReader(try json(text), at: path)
        let identity = ContactIdentity.read(from: &reader, required: required)
        return (identity, reader.errors)
    }

    @Test func readsAndNormalizesEveryIdentifier() throws {
        let (identity, errors) = try read(
            #"{"contactId":"ct_7","phone":"+1 (555) 123-4567","externalId":"crm-42","email":"Ada@Example.com"}"#)
        #expect(errors.isEmpty)
        #expect(identity == ContactIdentity(id: 7, phone: "+15551234567", externalId: "crm-42", email: "ada@example.com"))
    }

    @Test(arguments: [#"{"contactId":"ct_7"}"#, #"{"phone":"+15551234567"}"#, #"{"externalId":"x"}"#, #"{"email":"a@b.co"}"#])
    func anyOneIdentifierIsEnough(text: String) throws {
        let (identity, errors) = try read(text)
        #expect(errors.isEmpty)
        #expect(identity.primaryKey != nil)
    }

    @Test func missingIdentifierIsReportedAtContactID() throws {
        let (_, errors) = try read("{}")
        #expect(errors.map(\.field) == ["contactId"])
    }

    @Test func nullIdentifiersCountAsMissing() throws {
        let (_, errors) = try read(#"{"contactId":null,"phone":null,"externalId":null,"email":null}"#)
        #expect(errors.map(\.field) == ["contactId"])
    }

    @Test func missingIdentifierIsReportedUnderTheObjectsPath() throws {
        let (_, errors) = try read("{}", at: FieldPath("events").index(3))
        #expect(errors.map(\.field) == ["events[3].contactId"])
    }

    @Test func missingIdentifierIsFineWhenNotRequired() throws {
        let (identity, errors) = try read("{}", required: false)
        #expect(errors.isEmpty)
        #expect(identity == ContactIdentity())
    }

    @Test(arguments: [
        (#"{"contactId":"7"}"#, "contactId"), (#"{"contactId":7}"#, "contactId"), (#"{"phone":"555-1234"}"#, "phone"),
        (#"{"externalId":""}"#, "externalId"), (#"{"email":"not-an-email"}"#, "email"), (#"{"email":true}"#, "email"),
    ])
    func invalidIdentifierIsReportedAtItsField(text: String, field: String) throws {
        let (_, errors) = try read(text)
        #expect(errors.map(\.field) == [field])
    }

    @Test func invalidIdentifierIsReportedUnderTheObjectsPath() throws {
        let (_, errors) = try read(#"{"phone":"12"}"#, at: FieldPath("events").index(0))
        #expect(errors.map(\.field) == ["events[0].phone"])
    }
}
