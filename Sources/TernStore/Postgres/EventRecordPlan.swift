import TernCore

/// What recording a run of one workspace's events writes, decided in memory from what the database
/// already holds, with the same rules and in the same order as ``SQLiteStore`` applies them one
/// event at a time: a known messageId is a duplicate (also of an earlier event of the same
/// transaction); a named material must exist; a contact id must exist; a phone, externalId or email not known yet creates a
/// contact holding the identifiers nobody holds, with its `contact_created` event first.
///
/// Rows get provisional ids (negative: `-1` is the first new contact or row) until
/// ``assign(contactIds:eventIds:)`` replaces them with ids from the sequences, so the whole plan
/// is written with a few set-based statements.
struct EventRecordPlan {
    /// What the database holds for the identifiers, contact ids and messageIds of the batches.
    struct Known {
        var contactIds: Set<Int64> = []
        var phones: [String: Int64] = [:]
        var externalIds: [String: Int64] = [:]
        var emails: [String: Int64] = [:]
        /// userIds merged away by an alias, and the contact each now names: used only when no
        /// contact holds the userId itself, and never make an identifier taken.
        var previousUserIds: [String: Int64] = [:]
        var messageIds: [String: (eventId: Int64, contactId: Int64)] = [:]
        /// The content tags of every named material that exists.
        var materials: [String: [String]] = [:]
        /// Items (by position) with text PostgreSQL cannot store, found once by ``lookups(_:_:)``.
        var unstorable: [Int: (field: String, message: String)] = [:]
    }

    struct NewContact {
        var phone: String?
        var externalId: String?
        var email: String?
        var createdAt: Int64
    }

    /// One event row, in id order.
    struct Row {
        var contactId: Int64
        var event: String
        var time: Int64
        var receivedAt: Int64
        var properties: String
        var contentTags: String?
        var messageId: String?
        var source: EventSource
        var score: Int
        var stage: String?
        var recordedBy: String?
        var materialId: String?
        /// The position, in the items planned, of the event the row records (for the rollups); nil
        /// for `contact_created`. An index, not a copy: events are large to copy.
        var item: Int?

        init(
            contactId: Int64, event: String, time: Int64, receivedAt: Int64, properties: String, contentTags: String?,
            messageId: String?, source: EventSource, score: Int, stage: String?, recordedBy: String?, materialId: String?,
            item: Int?
        ) {
            self.contactId = contactId
            self.event = event
            self.time = time
            self.receivedAt = receivedAt
            self.properties = properties
            self.contentTags = contentTags
            self.messageId = messageId
            self.source = source
            self.score = score
            self.stage = stage
            self.recordedBy = recordedBy
            self.materialId = materialId
            self.item = item
        }

        /// The row of a recorded event, in stored form (its tags already include its material's).
        init(_ event: RecordableEvent, item: Int?, contactId: Int64, receivedAt: Int64) {
            self.init(
                contactId: contactId, event: event.event, time: event.time, receivedAt: receivedAt, properties: event.storedProperties,
                contentTags: StoredTags.optionalText(event.contentTags), messageId: event.messageId, source: event.source,
                score: event.score, stage: event.stage, recordedBy: event.recordedBy, materialId: event.materialId, item: item)
        }
    }

    /// An event to record and when its request was received. A struct, not a tuple: a tuple
    /// holding an event was copied through the runtime's generic tuple witnesses.
    struct Item {
        var event: RecordableEvent
        var receivedAt: Int64
    }

    private(set) var newContacts: [NewContact] = []
    private(set) var rows: [Row] = []
    /// One per item, in the order given.
    private(set) var outcomes: [RecordOutcome] = []
    private var known: Known

    /// Plans `items[range]`; rows refer to their events by position in `items`.
    init(_ items: [Item], _ range: Range<Int>, known: Known) {
        self.known = known
        // Through a span, not the array: with the three spans of the writer (here, in lookups and in
        // the COPY's encoding) one node recorded 2 to 3% more events a second in alternating runs
        // (81,100 against 78,900 on average), though a profile still shows each event copied out
        // for the call.
        let items = items.span
        outcomes.reserveCapacity(range.count)
        for index in range { outcomes.append(record(items[index].event, item: index, receivedAt: items[index].receivedAt)) }
    }

    /// Whether the plan can record `event`: not when it names an anonymousId (with another
    /// identifier or alone), whose resolution may merge contacts; those go one at a time.
    static func canPlan(_ event: RecordableEvent) -> Bool {
        if event.contact.id != nil { return true }  // a contact id wins and ignores the other identifiers
        return event.contact.anonymousId == nil || textProblem(event) != nil
    }

    /// Every contact id, identifier and messageId the items name, to look up before planning, and
    /// the items refused for text PostgreSQL cannot store (their values are not looked up). A value
    /// named twice is listed twice until ``removeRepeats()``: most are found in the node's cache,
    /// where a repeat costs nothing more, and only what is left is probed.
    struct Lookups {
        var ids: [Int64] = []
        var phones: [String] = []
        var externalIds: [String] = []
        var emails: [String] = []
        var messageIds: [String] = []
        var unstorable: [Int: (field: String, message: String)] = [:]

        mutating func removeRepeats() {
            func unique<Value: Hashable>(_ values: inout [Value]) {
                if values.count > 1 { values = Array(Set(values)) }
            }
            unique(&ids)
            unique(&phones)
            unique(&externalIds)
            unique(&emails)
            unique(&messageIds)
        }
    }

    static func lookups(_ items: [Item], _ range: Range<Int>) -> Lookups {
        var lookups = Lookups()
        let items = items.span  // see init(_:_:known:)
        // A list used at all is sized for every item at once.
        func add<Value>(_ value: Value?, to list: inout [Value]) {
            guard let value else { return }
            if list.isEmpty { list.reserveCapacity(range.count) }
            list.append(value)
        }
        for index in range {
            if let problem = textProblem(items[index].event) {
                lookups.unstorable[index] = problem
                continue
            }
            let contact = items[index].event.contact
            add(contact.id, to: &lookups.ids)
            add(contact.phone, to: &lookups.phones)
            add(contact.externalId, to: &lookups.externalIds)
            add(contact.email, to: &lookups.emails)
            add(items[index].event.messageId, to: &lookups.messageIds)
        }
        return lookups
    }

    /// A field PostgreSQL text cannot store (it holds U+0000), relative to the event.
    static func textProblem(_ event: RecordableEvent) -> (field: String, message: String)? {
        let message = JSONObjectReader.nulMessage
        if let messageId = event.messageId, PostgresText.holdsNUL(messageId) { return ("messageId", message) }
        if let index = event.contentTags.firstIndex(where: PostgresText.holdsNUL) { return ("contentTags[\(index)]", message) }
        // Checked one by one, not from an array of pairs: this runs for every event in the writer.
        func holdsNUL(_ value: String?) -> Bool { value.map(PostgresText.holdsNUL) ?? false }
        if PostgresText.holdsNUL(event.event) { return ("event", message) }
        if holdsNUL(event.contact.externalId) { return ("externalId", message) }
        if holdsNUL(event.contact.email) { return ("email", message) }
        if holdsNUL(event.contact.phone) { return ("phone", message) }
        if holdsNUL(event.contact.anonymousId) { return ("anonymousId", message) }
        if holdsNUL(event.stage) { return ("stage", message) }
        if holdsNUL(event.recordedBy) { return ("recordedBy", message) }
        if holdsNUL(event.materialId) { return ("materialId", message) }
        return nil
    }

    private mutating func record(_ event: RecordableEvent, item: Int, receivedAt: Int64) -> RecordOutcome {
        if let problem = known.unstorable[item] { return .rejected(field: problem.field, message: problem.message) }
        if let messageId = event.messageId, let original = known.messageIds[messageId] {
            return .duplicate(eventId: original.eventId, contactId: original.contactId)
        }
        if let materialId = event.materialId, known.materials[materialId] == nil {
            return .rejected(field: "materialId", message: RecordOutcome.unknownMaterial(materialId))
        }
        let contactId: Int64
        switch event.contact.primaryKey {
        case .id(let id):
            guard known.contactIds.contains(id) else {
                return .rejected(field: "contactId", message: "no contact with id \(ContactID.format(id))")
            }
            contactId = id
        case .phone(let value):
            contactId = known.phones[value] ?? createContact(event.contact, now: receivedAt)
        case .externalId(let value):
            contactId = known.externalIds[value] ?? known.previousUserIds[value] ?? createContact(event.contact, now: receivedAt)
        case .email(let value):
            contactId = known.emails[value] ?? createContact(event.contact, now: receivedAt)
        case .anonymousId:
            // ``canPlan(_:)`` sends these one at a time; never reached.
            assertionFailure("an event naming an anonymousId was planned")
            return .rejected(field: "anonymousId", message: "could not be resolved")
        case nil:
            return .rejected(field: "contactId", message: "one of contactId, phone, externalId, email or anonymousId is required")
        }
        rows.append(Row(event, item: item, contactId: contactId, receivedAt: receivedAt))
        let eventId = -Int64(rows.count)
        if let messageId = event.messageId { known.messageIds[messageId] = (eventId, contactId) }
        return .recorded(eventId: eventId, contactId: contactId)
    }

    /// A new contact with every identifier of `identity` that no other contact holds, and its `contact_created`.
    private mutating func createContact(_ identity: ContactIdentity, now: Int64) -> Int64 {
        var contact = NewContact(createdAt: now)
        let id = -Int64(newContacts.count + 1)
        if let phone = identity.phone, known.phones[phone] == nil {
            contact.phone = phone
            known.phones[phone] = id
        }
        if let externalId = identity.externalId, known.externalIds[externalId] == nil {
            contact.externalId = externalId
            known.externalIds[externalId] = id
        }
        if let email = identity.email, known.emails[email] == nil {
            contact.email = email
            known.emails[email] = id
        }
        newContacts.append(contact)
        known.contactIds.insert(id)
        rows.append(Row(
            contactId: id, event: "contact_created", time: now, receivedAt: now, properties: "{}", contentTags: nil,
            messageId: nil, source: .system, score: 0, stage: nil, recordedBy: nil, materialId: nil, item: nil))
        return id
    }

    /// Replaces provisional ids with real ones: `contactIds` for ``newContacts`` and `eventIds` for
    /// ``rows``, both ascending and one per entry.
    mutating func assign(contactIds: [Int64], eventIds: [Int64]) {
        precondition(contactIds.count == newContacts.count && eventIds.count == rows.count)
        func contact(_ id: Int64) -> Int64 { id < 0 ? contactIds[Int(-id) - 1] : id }
        func event(_ id: Int64) -> Int64 { id < 0 ? eventIds[Int(-id) - 1] : id }
        for index in rows.indices { rows[index].contactId = contact(rows[index].contactId) }
        outcomes = outcomes.map { outcome in
            switch outcome {
            case .recorded(let eventId, let contactId): .recorded(eventId: event(eventId), contactId: contact(contactId))
            case .duplicate(let eventId, let contactId): .duplicate(eventId: event(eventId), contactId: contact(contactId))
            case .rejected: outcome
            }
        }
    }

}
