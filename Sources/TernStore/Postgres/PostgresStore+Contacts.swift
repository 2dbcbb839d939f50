import Logging
import PostgresNIO
import TernCore

extension PostgresStore {
    public func upsertContact(
        workspaceId: Int64, identity: ContactIdentity, changes: ContactChanges, now: Int64
    ) async throws -> (contact: Contact, created: Bool) {
        try Self.checkText(identity: identity, changes: changes)
        try await partitions.ensure(containing: [now], store: self)
        let result = try await transaction { connection in
            try await Self.lockWorkspace(workspaceId, connection, logger)
            var matches: [(field: String, id: Int64)] = []
            if let id = identity.id {
                guard try await Self.contactExists(connection, workspaceId: workspaceId, id: id, logger) else {
                    throw ValidationFailure(field: "contactId", message: "no contact with id \(ContactID.format(id))")
                }
                matches.append(("contactId", id))
            }
            for (column, value) in Self.identifierColumns(identity) {
                if let id = try await Self.contactID(connection, workspaceId: workspaceId, column: column, value: value, logger) {
                    matches.append((Self.fieldName(column), id))
                }
            }
            if let first = matches.first, let other = matches.first(where: { $0.id != first.id }) {
                throw StoreError.conflict(
                    field: other.field,
                    message: "\(other.field) belongs to \(ContactID.format(other.id)), \(first.field) to \(ContactID.format(first.id))")
            }
            var all = changes
            if let phone = identity.phone { all.phone = .some(phone) }
            if let externalId = identity.externalId { all.externalId = .some(externalId) }
            if let email = identity.email { all.email = .some(email) }
            if let id = matches.first?.id {
                let contact = try await Self.apply(connection, all, toContact: id, workspaceId: workspaceId, now: now, logger)
                return ContactUpsert(contact: contact, created: false)
            }
            let id = try await Self.insertContact(
                connection, workspaceId: workspaceId, identity: identity, attributes: changes.attributes, now: now, logger)
            guard let contact = try await Self.fetchContact(connection, workspaceId: workspaceId, id: id, logger) else {
                throw StoreError.notFound
            }
            return ContactUpsert(contact: contact, created: true)
        }
        return (result.contact, result.created)
    }

    public func contact(workspaceId: Int64, key: ContactKey) async throws -> Contact? {
        try await read { connection in
            guard let id = try await Self.contactID(connection, workspaceId: workspaceId, key: key, logger) else { return nil }
            return try await Self.fetchContact(connection, workspaceId: workspaceId, id: id, logger)
        }
    }

    public func contacts(workspaceId: Int64, filter: ContactFilter, after: Int64?, limit: Int) async throws -> [Contact] {
        if case .tag(let tag) = filter, PostgresText.holdsNUL(tag) { return [] }  // no tag holds one
        return try await readWithMark(workspaceId: workspaceId) { connection, mark in
            var contacts = try await connection.all(
                Self.contactsQuery(workspaceId: workspaceId, filter: filter, after: after, limit: limit, mark: mark), logger
            ).map(Self.contact(from:))
            let anonymousIds = try await Self.anonymousIds(connection, workspaceId: workspaceId, contactIds: contacts.map(\.id), logger)
            for index in contacts.indices { contacts[index].anonymousIds = anonymousIds[contacts[index].id] ?? [] }
            return contacts
        }
    }

    private static func contactsQuery(workspaceId: Int64, filter: ContactFilter, after: Int64?, limit: Int, mark: Int64) -> PostgresQuery {
        var sql = QueryBuilder("SELECT \(Self.contactColumns) FROM contacts c ")
        let workspace = sql.bind(workspaceId)
        sql.append(Self.withActiveness(&sql, workspace: workspace, mark: mark))
        sql.append(" WHERE c.workspace_id = \(workspace) AND c.id > \(sql.bind(after ?? 0))")
        switch filter {
        case .all:
            break
        case .activeness(let lower, let upper, let since):
            let activeness: String
            if let since {
                activeness = """
                    (SELECT COALESCE(SUM(e.score), 0) FROM events e
                     WHERE e.workspace_id = c.workspace_id AND e.contact_id = c.id AND e.time >= \(sql.bind(since)))
                    """
            } else {
                activeness = "(\(Self.activenessColumn))"
            }
            sql.append(" AND \(activeness) BETWEEN \(sql.bind(Int64(lower ?? Int.min))) AND \(sql.bind(upper.map { Int64($0) - 1 } ?? Int64.max))")
        case .tag(let tag):
            sql.append(" AND EXISTS (SELECT 1 FROM contact_tags t WHERE t.workspace_id = c.workspace_id AND t.contact_id = c.id AND t.tag = \(sql.bind(tag)))")
        }
        sql.append(" ORDER BY c.id LIMIT \(sql.bind(limit))")
        return sql.query
    }

    public func updateContact(workspaceId: Int64, id: Int64, changes: ContactChanges, now: Int64) async throws -> Contact? {
        try Self.checkText(identity: ContactIdentity(), changes: changes)
        try await partitions.ensure(containing: [now], store: self)
        return try await transaction { connection in
            try await Self.lockWorkspace(workspaceId, connection, logger)
            guard try await Self.contactExists(connection, workspaceId: workspaceId, id: id, logger) else { return nil }
            return try await Self.apply(connection, changes, toContact: id, workspaceId: workspaceId, now: now, logger)
        }
    }

    public func deleteContact(workspaceId: Int64, id: Int64) async throws -> Bool {
        try await transaction { connection in
            try await Self.lockWorkspace(workspaceId, connection, logger)
            try await Self.lockFolds(workspaceId, connection, logger)
            let deleted = try await connection.all(
                "DELETE FROM contacts WHERE workspace_id = \(workspaceId) AND id = \(id) RETURNING 1", logger)
            guard !deleted.isEmpty else { return false }
            // Its messageIds go with its events: a later event may use them again, as on SQLite.
            try await Self.clearFoldedActiveness(workspaceId: workspaceId, contactId: id, connection, logger)
            for table in ["events", "contact_tags", "stage_history", "event_message_ids", "contact_anonymous_ids", "contact_previous_user_ids"] {
                try await connection.run(
                    PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE workspace_id = $1 AND contact_id = $2", binds: Self.binds(workspaceId, id)),
                    logger)
            }
            return true
        }
    }

    // MARK: Inside a transaction

    /// What an upsert returns across the transaction boundary.
    private struct ContactUpsert: Sendable {
        var contact: Contact
        var created: Bool
    }

    /// The identifiers of `identity` other than its id, as (column, value).
    static func identifierColumns(_ identity: ContactIdentity) -> [(String, String)] {
        var columns: [(String, String)] = []
        if let phone = identity.phone { columns.append(("phone", phone)) }
        if let externalId = identity.externalId { columns.append(("external_id", externalId)) }
        if let email = identity.email { columns.append(("email", email)) }
        return columns
    }

    static func fieldName(_ column: String) -> String { column == "external_id" ? "externalId" : column }

    static let contactColumns =
        "c.id, c.phone, c.external_id, c.email, c.attributes, c.created_at, c.updated_at, \(activenessColumn), c.stage"

    static func checkText(identity: ContactIdentity, changes: ContactChanges) throws(ValidationFailure) {
        try PostgresText.check(identity.externalId, field: "externalId")
        try PostgresText.check(identity.email, field: "email")
        try PostgresText.check(identity.anonymousId, field: "anonymousId")
        try PostgresText.check(changes.externalId ?? nil, field: "externalId")
        try PostgresText.check(changes.email ?? nil, field: "email")
        try PostgresText.check(changes.phone ?? nil, field: "phone")
    }

    static func contactID(
        _ connection: PostgresConnection, workspaceId: Int64, column: String, value: String, _ logger: Logger
    ) async throws -> Int64? {
        if PostgresText.holdsNUL(value) { return nil }  // no identifier holds one
        // `column` is one of three fixed names, never user input.
        return try await connection.all(
            PostgresQuery(unsafeSQL: "SELECT id FROM contacts WHERE workspace_id = $1 AND \(column) = $2", binds: binds(workspaceId, value)),
            logger
        ).first?.decode(Int64.self)
    }

    static func contactExists(_ connection: PostgresConnection, workspaceId: Int64, id: Int64, _ logger: Logger) async throws -> Bool {
        try await !connection.all("SELECT 1 FROM contacts WHERE workspace_id = \(workspaceId) AND id = \(id)", logger).isEmpty
    }

    /// Creates a contact with every identifier of `identity` that no other contact holds,
    /// and records `contact_created` for it.
    static func insertContact(
        _ connection: PostgresConnection, workspaceId: Int64, identity: ContactIdentity, attributes: [String: JSONValue], now: Int64,
        _ logger: Logger
    ) async throws -> Int64 {
        var free: [String: String] = [:]
        for (column, value) in Self.identifierColumns(identity)
        where try await contactID(connection, workspaceId: workspaceId, column: column, value: value, logger) == nil {
            free[column] = value
        }
        let attributesText = StoredAttributes.text(attributes)
        let id = try await connection.all("""
            INSERT INTO contacts (workspace_id, phone, external_id, email, attributes, created_at, updated_at)
            VALUES (\(workspaceId), \(free["phone"]), \(free["external_id"]), \(free["email"]), \(attributesText), \(now), \(now))
            RETURNING id
            """, logger)[0].decode(Int64.self)
        if let anonymousId = identity.anonymousId {
            try await addAnonymousId(connection, workspaceId: workspaceId, anonymousId, contactId: id, logger)
        }
        try await insertSystemEvent(connection, workspaceId: workspaceId, contactId: id, event: "contact_created", now: now, logger)
        return id
    }

    /// Sets identifiers and merges attributes; records `contact_updated` when anything changed.
    static func apply(
        _ connection: PostgresConnection, _ changes: ContactChanges, toContact id: Int64, workspaceId: Int64, now: Int64,
        _ logger: Logger
    ) async throws -> Contact {
        guard var contact = try await fetchContact(connection, workspaceId: workspaceId, id: id, logger) else { throw StoreError.notFound }
        let before = contact
        let identifiers: [(String, String, String??, WritableKeyPath<Contact, String?>)] = [
            ("phone", "phone", changes.phone, \.phone),
            ("external_id", "externalId", changes.externalId, \.externalId),
            ("email", "email", changes.email, \.email),
        ]
        for (column, field, change, keyPath) in identifiers {
            guard let newValue = change else { continue }
            if let newValue, let holder = try await contactID(connection, workspaceId: workspaceId, column: column, value: newValue, logger),
               holder != id
            {
                throw StoreError.conflict(field: field, message: "\(field) is already used by \(ContactID.format(holder))")
            }
            contact[keyPath: keyPath] = newValue
        }
        for (key, value) in changes.attributes {
            contact.attributes[key] = value == .null ? nil : value
        }
        guard contact != before else { return contact }
        if contact.phone == nil, contact.externalId == nil, contact.email == nil {
            throw ValidationFailure(field: "phone", message: "a contact keeps at least one of phone, externalId or email")
        }
        let attributesText = try StoredAttributes.checkedText(contact.attributes)
        contact.updatedAt = now
        try await connection.run("""
            UPDATE contacts SET phone = \(contact.phone), external_id = \(contact.externalId), email = \(contact.email),
                attributes = \(attributesText), updated_at = \(now)
            WHERE workspace_id = \(workspaceId) AND id = \(id)
            """, logger)
        try await insertSystemEvent(connection, workspaceId: workspaceId, contactId: id, event: "contact_updated", now: now, logger)
        return contact
    }

    /// Records an event Tern itself observed (`contact_created`, `contact_updated`). The caller
    /// holds the workspace's lock and has made sure the month of `now` has its partition.
    private static func insertSystemEvent(
        _ connection: PostgresConnection, workspaceId: Int64, contactId: Int64, event: String, now: Int64, _ logger: Logger
    ) async throws {
        try await connection.run("""
            INSERT INTO events (workspace_id, contact_id, event, time, received_at, properties, source, score)
            VALUES (\(workspaceId), \(contactId), \(event), \(now), \(now), '{}', \(EventSource.system.rawValue), 0)
            """, logger)
    }

    static func fetchContact(_ connection: PostgresConnection, workspaceId: Int64, id: Int64, _ logger: Logger) async throws -> Contact? {
        guard var contact = try await connection.all(
            PostgresQuery(
                unsafeSQL: "SELECT \(contactColumns) FROM contacts c \(withActivenessOfOne) WHERE c.workspace_id = $1 AND c.id = $2",
                binds: binds(workspaceId, id)),
            logger
        ).first.map(contact(from:)) else { return nil }
        contact.anonymousIds = try await anonymousIds(connection, workspaceId: workspaceId, contactIds: [id], logger)[id] ?? []
        return contact
    }

    static func contact(from row: PostgresRow) throws -> Contact {
        let (id, phone, externalId, email, attributes, createdAt, updatedAt, activeness, stage) = try row.decode(
            (Int64, String?, String?, String?, String, Int64, Int64, Int, String?).self)
        return Contact(
            id: id, phone: phone, externalId: externalId, email: email,
            attributes: StoredAttributes.attributes(attributes),
            createdAt: createdAt, updatedAt: updatedAt, activeness: activeness, stage: stage)
    }
}
