import GRDB
import TernCore

extension SQLiteStore {
    public func upsertContact(
        workspaceId: Int64, identity: ContactIdentity, changes: ContactChanges, now: Int64
    ) async throws -> (contact: Contact, created: Bool) {
        try await pool.write { db in
            var matches: [(field: String, id: Int64)] = []
            if let id = identity.id {
                guard try Self.contactExists(db, workspaceId: workspaceId, id: id) else {
                    throw ValidationFailure(field: "contactId", message: "no contact with id \(ContactID.format(id))")
                }
                matches.append(("contactId", id))
            }
            for (column, value) in Self.identifierColumns(identity) {
                if let id = try Self.contactID(db, workspaceId: workspaceId, column: column, value: value) {
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
                let contact = try Self.apply(db, all, toContact: id, workspaceId: workspaceId, now: now)
                return (contact, false)
            }
            let id = try Self.insertContact(db, workspaceId: workspaceId, identity: identity, attributes: changes.attributes, now: now)
            return (try Self.fetchContact(db, workspaceId: workspaceId, id: id)!, true)
        }
    }

    public func contact(workspaceId: Int64, key: ContactKey) async throws -> Contact? {
        try await pool.read { db in
            try Self.contactID(db, workspaceId: workspaceId, key: key).flatMap { try Self.fetchContact(db, workspaceId: workspaceId, id: $0) }
        }
    }

    public func contacts(workspaceId: Int64, filter: ContactFilter, after: Int64?, limit: Int) async throws -> [Contact] {
        var sql = Self.contactListSelect + " WHERE c.workspace_id = ? AND c.id > ?"
        var arguments: StatementArguments = [workspaceId, workspaceId, after ?? 0]
        switch filter {
        case .all:
            break
        case .activeness(let lower, let upper, let since):
            let activeness = since == nil
                ? "(COALESCE(a.activeness, 0) + COALESCE(u.score, 0))"
                : "(SELECT COALESCE(SUM(e.score), 0) FROM events e WHERE e.workspace_id = c.workspace_id AND e.contact_id = c.id AND e.time >= ?)"
            if let since { arguments += [since] }
            sql += " AND \(activeness) BETWEEN ? AND ?"
            arguments += [lower ?? Int.min, upper.map { $0 - 1 } ?? Int.max]
        case .tag(let tag):
            sql += " AND EXISTS (SELECT 1 FROM contact_tags t WHERE t.workspace_id = c.workspace_id AND t.contact_id = c.id AND t.tag = ?)"
            arguments += [tag]
        }
        sql += " ORDER BY c.id LIMIT ?"
        arguments += [limit]
        let (finalSQL, finalArguments) = (sql, arguments)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: finalSQL, arguments: finalArguments).map { row in
                var contact = Self.contact(from: row)
                contact.anonymousIds = try Self.anonymousIds(db, workspaceId: workspaceId, contactId: contact.id)
                return contact
            }
        }
    }

    public func updateContact(workspaceId: Int64, id: Int64, changes: ContactChanges, now: Int64) async throws -> Contact? {
        try await pool.write { db in
            guard try Self.contactExists(db, workspaceId: workspaceId, id: id) else { return nil }
            return try Self.apply(db, changes, toContact: id, workspaceId: workspaceId, now: now)
        }
    }

    public func deleteContact(workspaceId: Int64, id: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM contacts WHERE workspace_id = ? AND id = ?", arguments: [workspaceId, id])
            guard db.changesCount > 0 else { return false }
            try Self.eventsRewritten(db, workspaceId: workspaceId)
            for table in [
                "events", "contact_activeness", "contact_stages", "contact_tags", "stage_history", "contact_anonymous_ids",
                "contact_previous_user_ids",
            ] {
                try db.execute(sql: "DELETE FROM \(table) WHERE workspace_id = ? AND contact_id = ?", arguments: [workspaceId, id])
            }
            return true
        }
    }

    // MARK: Inside a transaction

    static func identifierColumns(_ identity: ContactIdentity) -> [(String, String)] {
        var columns: [(String, String)] = []
        if let phone = identity.phone { columns.append(("phone", phone)) }
        if let externalId = identity.externalId { columns.append(("external_id", externalId)) }
        if let email = identity.email { columns.append(("email", email)) }
        return columns
    }

    static func fieldName(_ column: String) -> String { column == "external_id" ? "externalId" : column }

    static func contactID(_ db: Database, workspaceId: Int64, column: String, value: String) throws -> Int64? {
        // `column` is one of three fixed names, never user input.
        let statement = try db.cachedStatement(sql: "SELECT id FROM contacts WHERE workspace_id = ? AND \(column) = ?")
        return try Int64.fetchOne(statement, arguments: [workspaceId, value])
    }

    static func contactExists(_ db: Database, workspaceId: Int64, id: Int64) throws -> Bool {
        let statement = try db.cachedStatement(sql: "SELECT 1 FROM contacts WHERE workspace_id = ? AND id = ?")
        return try Bool.fetchOne(statement, arguments: [workspaceId, id]) != nil
    }

    /// Creates a contact with every identifier of `identity` that no other contact holds,
    /// and records `contact_created` for it.
    static func insertContact(
        _ db: Database, workspaceId: Int64, identity: ContactIdentity, attributes: [String: JSONValue], now: Int64
    ) throws -> Int64 {
        var free: [String: String] = [:]
        for (column, value) in identifierColumns(identity)
        where try contactID(db, workspaceId: workspaceId, column: column, value: value) == nil {
            free[column] = value
        }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO contacts (workspace_id, phone, external_id, email, attributes, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let attributesText = StoredAttributes.text(attributes)
        try statement.execute(arguments: [
            workspaceId, free["phone"], free["external_id"], free["email"], attributesText, now, now,
        ])
        let id = db.lastInsertedRowID
        if let anonymousId = identity.anonymousId {
            try addAnonymousId(db, workspaceId: workspaceId, anonymousId, contactId: id)
        }
        try insertSystemEvent(db, workspaceId: workspaceId, contactId: id, event: "contact_created", now: now)
        return id
    }

    /// Sets identifiers and merges attributes; records `contact_updated` when anything changed.
    static func apply(_ db: Database, _ changes: ContactChanges, toContact id: Int64, workspaceId: Int64, now: Int64) throws -> Contact {
        guard var contact = try fetchContact(db, workspaceId: workspaceId, id: id) else { throw StoreError.notFound }
        let before = contact
        let identifiers: [(String, String, String??, WritableKeyPath<Contact, String?>)] = [
            ("phone", "phone", changes.phone, \.phone),
            ("external_id", "externalId", changes.externalId, \.externalId),
            ("email", "email", changes.email, \.email),
        ]
        for (column, field, change, keyPath) in identifiers {
            guard let newValue = change else { continue }
            if let newValue, let holder = try contactID(db, workspaceId: workspaceId, column: column, value: newValue), holder != id {
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
        try db.execute(
            sql: "UPDATE contacts SET phone = ?, external_id = ?, email = ?, attributes = ?, updated_at = ? WHERE workspace_id = ? AND id = ?",
            arguments: [
                contact.phone, contact.externalId, contact.email, attributesText, now,
                workspaceId, id,
            ])
        try insertSystemEvent(db, workspaceId: workspaceId, contactId: id, event: "contact_updated", now: now)
        return contact
    }

    /// Contacts of one workspace with their activeness and stage, for ``contact(from:)``: the
    /// unfolded scores are summed once for the whole query. Bind the workspace id first.
    static let contactListSelect = """
        SELECT c.*, COALESCE(a.activeness, 0) + COALESCE(u.score, 0) AS activeness, s.stage FROM contacts c
        LEFT JOIN contact_activeness a ON a.workspace_id = c.workspace_id AND a.contact_id = c.id
        LEFT JOIN (\(unfoldedActiveness)) u ON u.contact_id = c.id
        LEFT JOIN contact_stages s ON s.workspace_id = c.workspace_id AND s.contact_id = c.id
        """

    /// One contact with its activeness and stage: the unfolded scores come from its own timeline.
    static func fetchContact(_ db: Database, workspaceId: Int64, id: Int64) throws -> Contact? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT c.*, COALESCE(a.activeness, 0) AS activeness, s.stage FROM contacts c
                LEFT JOIN contact_activeness a ON a.workspace_id = c.workspace_id AND a.contact_id = c.id
                LEFT JOIN contact_stages s ON s.workspace_id = c.workspace_id AND s.contact_id = c.id
                WHERE c.workspace_id = ? AND c.id = ?
                """,
            arguments: [workspaceId, id]
        ).map { row in
            var contact = contact(from: row)
            contact.activeness += try unfoldedActiveness(db, workspaceId: workspaceId, contactId: id)
            contact.anonymousIds = try anonymousIds(db, workspaceId: workspaceId, contactId: id)
            return contact
        }
    }

    static func contact(from row: Row) -> Contact {
        let attributesText: String = row["attributes"]
        return Contact(
            id: row["id"], phone: row["phone"], externalId: row["external_id"], email: row["email"],
            attributes: StoredAttributes.attributes(attributesText),
            createdAt: row["created_at"], updatedAt: row["updated_at"], activeness: row["activeness"], stage: row["stage"])
    }
}
