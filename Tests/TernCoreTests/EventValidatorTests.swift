import Testing
import TernCore

struct EventValidatorTests {
    private let events = FieldPath("events").index(3)

    private func validate(
        _ text: String, at path: FieldPath = FieldPath(), source: EventSource = .api, validator: EventValidator = Fixture.validator
    ) throws -> Result<RecordableEvent, ValidationFailure> {
        validator.validate(try json(text), at: path, receivedAt: Fixture.now, source: source)
    }

    private func accepted(_ text: String, source: EventSource = .api, validator: EventValidator = Fixture.validator) throws -> RecordableEvent {
        try validate(text, source: source, validator: validator).get()
    }

    /// The fields named by the failure; empty if the event is accepted.
    private func failedFields(_ text: String, at path: FieldPath = FieldPath()) throws -> [String] {
        try validate(text, at: path).failure?.fields ?? []
    }

    // MARK: Accepted events

    @Test func validEventBecomesARecordableEventInCanonicalForm() throws {
        let event = try accepted(#"""
            {"event":"cl_purchase","time":"2026-11-25T08:00:00Z","contactId":"ct_5","messageId":"m-1",
             "properties":{"cl_price":12.5,"cl_sku":"A-1","cl_paid_at":946684800000,"cl_receipt":"https://example.com/r"},
             "contentTags":["sale","winter"]}
            """#)
        #expect(event.event == "cl_purchase")
        #expect(event.time == Fixture.now - Fixture.hour)
        #expect(event.contact == ContactIdentity(id: 5))
        #expect(event.properties == [
            "cl_price": .number(tenths: 125), "cl_sku": .string("A-1"), "cl_paid_at": .timestamp(millis: 946_684_800_000),
            "cl_receipt": .url("https://example.com/r"),
        ])
        #expect(event.contentTags == ["sale", "winter"])
        #expect(event.messageId == "m-1")
        #expect(event.source == .api)
        #expect(event.score == 10)
    }

    @Test(arguments: EventSource.allCases)
    func sourceIsRecorded(source: EventSource) throws {
        let result = Fixture.validator.validate(try json(#"{"event":"cl_purchase","contactId":"ct_1"}"#), receivedAt: Fixture.now, source: source)
        #expect(try result.get().source == source)
    }

    @Test func nullPropertyValueIsLeftOut() throws {
        let event = try accepted(#"{"event":"cl_purchase","contactId":"ct_1","properties":{"cl_price":null,"cl_sku":"A"}}"#)
        #expect(event.properties == ["cl_sku": .string("A")])
    }

    // MARK: Event and properties

    @Test func unknownEventIsRejectedAtEvent() throws {
        #expect(try failedFields(#"{"event":"cl_refund","contactId":"ct_1"}"#) == ["event"])
    }

    @Test(arguments: SystemCatalog.recordedOnlyByTern.sorted())
    func bookkeepingSystemEventIsRefusedFromOtherSources(event: String) throws {
        for source in EventSource.allCases where source != .system {
            #expect(try validate(#"{"event":"\#(event)","contactId":"ct_1"}"#, source: source).failure?.fields == ["event"], "\(source)")
        }
    }

    @Test(arguments: SystemCatalog.recordedOnlyByTern.sorted())
    func bookkeepingSystemEventIsAcceptedFromTernItself(event: String) throws {
        #expect(try accepted(#"{"event":"\#(event)","contactId":"ct_1"}"#, source: .system).event == event)
    }

    @Test(arguments: ["message_read", "link_clicked", "page_viewed", "form_submitted"])
    func customerSystemEventIsAcceptedFromTheAPI(event: String) throws {
        #expect(try accepted(#"{"event":"\#(event)","contactId":"ct_1"}"#).event == event)
    }

    @Test func missingEventIsRejectedAtEvent() throws {
        #expect(try failedFields(#"{"contactId":"ct_1"}"#) == ["event"])
    }

    @Test func undeclaredPropertyIsRejectedAtItsPath() throws {
        #expect(try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","properties":{"cl_x":1}}"#) == ["properties.cl_x"])
    }

    @Test func propertyDeclaredOnAnotherEventIsUndeclaredHere() throws {
        #expect(try failedFields(#"{"event":"cl_reminder_sent","contactId":"ct_1","properties":{"cl_price":1}}"#) == ["properties.cl_price"])
    }

    @Test(arguments: [
        #""cl_price":"12.5""#, #""cl_price":12.55"#, #""cl_sku":12"#, #""cl_paid_at":"2026-11-25T08:00:00""#,
        #""cl_receipt":"ftp://example.com""#, #""cl_receipt":{}"#,
    ])
    func propertyOfTheWrongTypeIsRejectedAtItsPath(member: String) throws {
        let key = String(member.dropFirst().prefix { $0 != "\"" })
        #expect(try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","properties":{\#(member)}}"#) == ["properties.\(key)"])
    }

    @Test func stringPropertyLongerThan255CharactersIsRejected() throws {
        let long = String(repeating: "x", count: 256)
        #expect(try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","properties":{"cl_sku":"\#(long)"}}"#) == ["properties.cl_sku"])
    }

    @Test func everyBadPropertyIsReported() throws {
        let fields = try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","properties":{"cl_price":"x","cl_sku":1,"cl_y":1}}"#)
        #expect(Set(fields) == ["properties.cl_price", "properties.cl_sku", "properties.cl_y"])
    }

    @Test(arguments: SystemCatalog.definitions.map(\.id) + ["cl_purchase", "cl_reminder_sent"])
    func presetPropertiesAreAcceptedOnEveryEventWithoutDeclaring(event: String) throws {
        // Recorded as Tern itself, which may record every system event.
        let recorded = try accepted(
            #"{"event":"\#(event)","contactId":"ct_1","properties":{"channel":"sms","source":"ad","campaign":"w26"}}"#, source: .system)
        #expect(recorded.properties == ["channel": .string("sms"), "source": .string("ad"), "campaign": .string("w26")])
    }

    @Test(arguments: ["channel", "source", "campaign"])
    func presetPropertyMustBeAString(property: String) throws {
        #expect(try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","properties":{"\#(property)":5}}"#) == ["properties.\(property)"])
    }

    @Test func systemEventCarriesItsOwnProperties() throws {
        let event = try accepted(#"{"event":"link_clicked","contactId":"ct_1","properties":{"url":"https://example.com/a"}}"#)
        #expect(event.properties == ["url": .url("https://example.com/a")])
    }

    @Test func propertiesThatAreNotAnObjectAreRejected() throws {
        #expect(try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","properties":[]}"#) == ["properties"])
    }

    // MARK: Time

    @Test func timeDefaultsToReceivedAt() throws {
        #expect(try accepted(#"{"event":"cl_purchase","contactId":"ct_1"}"#).time == Fixture.now)
    }

    @Test func nullTimeDefaultsToReceivedAt() throws {
        #expect(try accepted(#"{"event":"cl_purchase","contactId":"ct_1","time":null}"#).time == Fixture.now)
    }

    @Test func timeWithOffsetIsStoredAsUTCMillis() throws {
        // 2026-11-25T10:00:00+01:00 is Fixture.now.
        #expect(try accepted(#"{"event":"cl_purchase","contactId":"ct_1","time":"2026-11-25T10:00:00+01:00"}"#).time == Fixture.now)
    }

    @Test func timeAsEpochMillisIsAccepted() throws {
        #expect(try accepted(#"{"event":"cl_purchase","contactId":"ct_1","time":946684800000}"#).time == 946_684_800_000)
    }

    @Test func timeExactly24HoursAheadIsAccepted() throws {
        let time = Fixture.now + 24 * Fixture.hour
        #expect(try accepted(#"{"event":"cl_purchase","contactId":"ct_1","time":\#(time)}"#).time == time)
    }

    @Test func timeMoreThan24HoursAheadIsRejected() throws {
        let time = Fixture.now + 24 * Fixture.hour + 1
        #expect(try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","time":\#(time)}"#) == ["time"])
    }

    @Test(arguments: [#""2026-11-25T08:00:00""#, #""yesterday""#, "-1", "1.5", "true"])
    func unreadableTimeIsRejected(time: String) throws {
        #expect(try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","time":\#(time)}"#) == ["time"])
    }

    // MARK: Contact

    @Test func eventWithoutAContactIdentifierIsRejected() throws {
        #expect(try failedFields(#"{"event":"cl_purchase"}"#) == ["contactId"])
    }

    @Test(arguments: [
        (#""contactId":"ct_9""#, ContactKey.id(9)), (#""phone":"+44 20 7946 0958""#, .phone("+442079460958")),
        (#""externalId":"crm-1""#, .externalId("crm-1")), (#""email":"Ada@Example.com""#, .email("ada@example.com")),
    ])
    func anyOneIdentifierNamesTheContact(member: String, key: ContactKey) throws {
        #expect(try accepted(#"{"event":"cl_purchase",\#(member)}"#).contact.primaryKey == key)
    }

    @Test func contactIDTakesPrecedenceOverEveryOtherIdentifier() throws {
        let event = try accepted(#"{"event":"cl_purchase","email":"a@b.co","externalId":"x","phone":"+15551234567","contactId":"ct_3"}"#)
        #expect(event.contact.primaryKey == .id(3))
        #expect(event.contact == ContactIdentity(id: 3, phone: "+15551234567", externalId: "x", email: "a@b.co"))
    }

    @Test func phoneTakesPrecedenceOverExternalIDAndEmail() throws {
        let event = try accepted(#"{"event":"cl_purchase","email":"a@b.co","externalId":"x","phone":"+15551234567"}"#)
        #expect(event.contact.primaryKey == .phone("+15551234567"))
    }

    @Test func externalIDTakesPrecedenceOverEmail() throws {
        #expect(try accepted(#"{"event":"cl_purchase","email":"a@b.co","externalId":"x"}"#).contact.primaryKey == .externalId("x"))
    }

    @Test func invalidIdentifierIsRejectedEvenWhenAnotherIsValid() throws {
        #expect(try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","phone":"12"}"#) == ["phone"])
    }

    // MARK: Paths

    @Test func errorsOfAnEventInABatchCarryItsIndex() throws {
        let fields = try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","properties":{"cl_price":12.55}}"#, at: events)
        #expect(fields == ["events[3].properties.cl_price"])
    }

    @Test func everyKindOfErrorInABatchCarriesTheIndex() throws {
        let fields = try failedFields(#"{"event":"cl_nope","time":"soon","colour":1,"contentTags":[""]}"#, at: events)
        #expect(Set(fields) == ["events[3].event", "events[3].time", "events[3].contactId", "events[3].colour", "events[3].contentTags[0]"])
    }

    @Test func undeclaredPropertyInABatchCarriesTheIndex() throws {
        let fields = try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","properties":{"cl_x":"1"}}"#, at: events)
        #expect(fields == ["events[3].properties.cl_x"])
    }

    @Test func eventThatIsNotAnObjectIsRejectedAtItsIndex() throws {
        #expect(try failedFields(#""cl_purchase""#, at: events) == ["events[3]"])
    }

    // MARK: Score

    @Test func inboundEventCarriesItsDefinitionsScore() throws {
        #expect(try accepted(#"{"event":"cl_purchase","contactId":"ct_1"}"#).score == Fixture.purchase.score)
        #expect(try accepted(#"{"event":"form_submitted","contactId":"ct_1"}"#).score == SystemCatalog.definition("form_submitted")?.score)
    }

    @Test func scoreFollowsTheDefinitionsCurrentScore() throws {
        var edited = Fixture.purchase
        edited.score = -7
        let validator = EventValidator(definitions: [edited])
        #expect(try accepted(#"{"event":"cl_purchase","contactId":"ct_1"}"#, validator: validator).score == -7)
    }

    @Test func outboundEventScoresZeroEvenIfItsDefinitionHasAScore() throws {
        // Written directly rather than through `create`, which would refuse it: as if stored by an older version.
        let scoredOutbound = EventDefinition(id: "cl_mailed", name: "Mailed", direction: .outbound, score: 5)
        let validator = EventValidator(definitions: [scoredOutbound])
        #expect(try accepted(#"{"event":"cl_mailed","contactId":"ct_1"}"#, validator: validator).score == 0)
    }

    // MARK: Content tags

    @Test func twentyContentTagsAreAccepted() throws {
        let tags = (1...20).map { "\"t\($0)\"" }.joined(separator: ",")
        #expect(try accepted(#"{"event":"cl_purchase","contactId":"ct_1","contentTags":[\#(tags)]}"#).contentTags.count == 20)
    }

    @Test func moreThanTwentyContentTagsAreRejected() throws {
        let tags = (1...21).map { "\"t\($0)\"" }.joined(separator: ",")
        #expect(try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","contentTags":[\#(tags)]}"#) == ["contentTags"])
    }

    @Test func contentTagOf64CharactersIsAccepted() throws {
        let tag = String(repeating: "t", count: 64)
        #expect(try accepted(#"{"event":"cl_purchase","contactId":"ct_1","contentTags":["\#(tag)"]}"#).contentTags == [tag])
    }

    @Test(arguments: [#""""#, "\"" + String(repeating: "t", count: 65) + "\"", "1", "null", "[]"])
    func contentTagThatIsNotAShortStringIsRejectedAtItsIndex(tag: String) throws {
        #expect(try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","contentTags":["ok",\#(tag)]}"#) == ["contentTags[1]"])
    }

    @Test func repeatedContentTagsAreKeptOnceInFirstSeenOrder() throws {
        let event = try accepted(#"{"event":"cl_purchase","contactId":"ct_1","contentTags":["b","a","b","c","a"]}"#)
        #expect(event.contentTags == ["b", "a", "c"])
    }

    @Test func contentTagsThatAreNotAnArrayAreRejected() throws {
        #expect(try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","contentTags":"sale"}"#) == ["contentTags"])
    }

    // MARK: Other fields

    @Test(arguments: ["colour", "score", "receivedAt", "id", "Event"])
    func unknownTopLevelFieldIsRejectedByName(field: String) throws {
        #expect(try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","\#(field)":1}"#) == [field])
    }

    @Test func emptyMessageIDIsRejected() throws {
        #expect(try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","messageId":""}"#) == ["messageId"])
    }

    @Test func messageIDLongerThan255CharactersIsRejected() throws {
        let id = String(repeating: "m", count: 256)
        #expect(try failedFields(#"{"event":"cl_purchase","contactId":"ct_1","messageId":"\#(id)"}"#) == ["messageId"])
    }
}
