import GRDB
import TernCore

/// Identity resolution: which contact an identity names, and merging two contacts into one when
/// an identity shows they are the same customer (an anonymous visitor who identifies, an alias).
extension SQLiteStore {
    public func identify(
        workspaceId: Int64, identity: ContactIdentity, changes: ContactChanges, now: Int64
    ) async throws -> Contact {
        try await pool.write { db in
            guard let id = try Self.resolve(db, workspaceId: workspaceId, identity: identity, now: now) else {
                throw ValidationFailure(field: "userId", message: "userId or anonymousId is required")
            }
            // A phone or email already held by another contact is the same customer too.
            var linked: [ContactKey] = []
            if case .some(.some(let phone)) = changes.phone { linked.append(.phone(phone)) }
            if case .some(.some(let email)) = changes.email { linked.append(.email(email)) }
            for key in linked {
                if let holder = try Self.contactID(db, workspaceId: workspaceId, key: key), holder != id {
                    try Self.merge(db, workspaceId: workspaceId, absorbed: holder, into: id, now: now)
                }
            }
            return try Self.apply(db, changes, toContact: id, workspaceId: workspaceId, now: now)
        }
    }

    public func alias(workspaceId: Int64, previousId: String, userId: String, now: Int64) async throws -> Contact {
        try await pool.write { db in
            guard let id = try Self.resolve(db, workspaceId: workspaceId, identity: ContactIdentity(externalId: userId), now: now) else {
                throw StoreError.notFound
            }
            let previous = try Self.contactID(db, workspaceId: workspaceId, key: .externalId(previousId))
                ?? Self.contactID(db, workspaceId: workspaceId, key: .anonymousId(previousId))
            if let previous {
                if previous != id { try Self.merge(db, workspaceId: workspaceId, absorbed: previous, into: id, now: now) }
            } else {
                try Self.addAnonymousId(db, workspaceId: workspaceId, previousId, contactId: id)
            }
            guard let contact = try Self.fetchContact(db, workspaceId: workspaceId, id: id) else { throw StoreError.notFound }
            return contact
        }
    }

    // MARK: Inside a transaction

    static func contactID(_ db: Database, workspaceId: Int64, key: ContactKey) throws -> Int64? {
        switch key {
        case .id(let id): return try contactExists(db, workspaceId: workspaceId, id: id) ? id : nil
        case .phone(let value): return try contactID(db, workspaceId: workspaceId, column: "phone", value: value)
        case .externalId(let value):
            if let id = try contactID(db, workspaceId: workspaceId, column: "external_id", value: value) { return id }
            let statement = try db.cachedStatement(
                sql: "SELECT contact_id FROM contact_previous_user_ids WHERE workspace_id = ? AND user_id = ?")
            return try Int64.fetchOne(statement, arguments: [workspaceId, value])
        case .email(let value): return try contactID(db, workspaceId: workspaceId, column: "email", value: value)
        case .anonymousId(let value):
            let statement = try db.cachedStatement(
                sql: "SELECT contact_id FROM contact_anonymous_ids WHERE workspace_id = ? AND anonymous_id = ?")
            return try Int64.fetchOne(statement, arguments: [workspaceId, value])
        }
    }

    /// The contact an identity names, created if no contact holds its primary identifier; its
    /// anonymousId is attached, and an anonymous visitor known by that anonymousId is merged into
    /// it. An anonymousId that already belongs to another identified customer (a shared device)
    /// links nothing. Nil when a contact id is given that does not exist, or no identifier is given.
    static func resolve(_ db: Database, workspaceId: Int64, identity: ContactIdentity, now: Int64) throws -> Int64? {
        guard let key = identity.primaryKey else { return nil }
        if case .id = key { return try contactID(db, workspaceId: workspaceId, key: key) }
        let anonymousHolder = try identity.anonymousId.flatMap { try contactID(db, workspaceId: workspaceId, key: .anonymousId($0)) }
        let holder = try anonymousHolder.flatMap { try fetchContact(db, workspaceId: workspaceId, id: $0) }
        guard let id = try contactID(db, workspaceId: workspaceId, key: key) else {
            if let holder, holder.lacks(key) {
                // The anonymous visitor gets the identifier: no new contact, nothing to merge.
                _ = try apply(db, changesSetting(key), toContact: holder.id, workspaceId: workspaceId, now: now)
                return holder.id
            }
            return try insertContact(db, workspaceId: workspaceId, identity: identity, attributes: [:], now: now)
        }
        if let anonymousId = identity.anonymousId {
            if let holder {
                if holder.id != id, holder.externalId == nil {
                    try merge(db, workspaceId: workspaceId, absorbed: holder.id, into: id, now: now)
                }
            } else {
                try addAnonymousId(db, workspaceId: workspaceId, anonymousId, contactId: id)
            }
        }
        return id
    }

    private static func changesSetting(_ key: ContactKey) -> ContactChanges {
        switch key {
        case .phone(let value): ContactChanges(phone: .some(value))
        case .externalId(let value): ContactChanges(externalId: .some(value))
        case .email(let value): ContactChanges(email: .some(value))
        case .id, .anonymousId: ContactChanges()
        }
    }

    static func addAnonymousId(_ db: Database, workspaceId: Int64, _ anonymousId: String, contactId: Int64) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO contact_anonymous_ids (workspace_id, anonymous_id, contact_id) VALUES (?, ?, ?)")
        try statement.execute(arguments: [workspaceId, anonymousId, contactId])
    }

    static func anonymousIds(_ db: Database, workspaceId: Int64, contactId: Int64) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT anonymous_id FROM contact_anonymous_ids WHERE workspace_id = ? AND contact_id = ? ORDER BY anonymous_id",
            arguments: [workspaceId, contactId])
    }

    /// Moves everything of `absorbed` to `survivor` and deletes `absorbed`: events, anonymous ids,
    /// identifiers the survivor lacks, attributes it lacks, and rollups (scores and tag counts
    /// add up; the stage follows the workspace's rule over both positions).
    static func merge(_ db: Database, workspaceId: Int64, absorbed: Int64, into survivor: Int64, now: Int64) throws {
        guard let gone = try fetchContact(db, workspaceId: workspaceId, id: absorbed),
              var kept = try fetchContact(db, workspaceId: workspaceId, id: survivor)
        else { return }
        let arguments: StatementArguments = [survivor, workspaceId, absorbed]
        try eventsRewritten(db, workspaceId: workspaceId)
        if let previous = gone.externalId, let current = kept.externalId, previous != current {
            try db.execute(
                sql: "INSERT OR REPLACE INTO contact_previous_user_ids (workspace_id, user_id, contact_id) VALUES (?, ?, ?)",
                arguments: [workspaceId, previous, survivor])
        }
        for table in ["events", "contact_anonymous_ids", "stage_history", "contact_previous_user_ids"] {
            try db.execute(sql: "UPDATE \(table) SET contact_id = ? WHERE workspace_id = ? AND contact_id = ?", arguments: arguments)
        }
        try db.execute(sql: """
            INSERT INTO contact_tags (workspace_id, contact_id, tag, count)
            SELECT workspace_id, ?, tag, count FROM contact_tags WHERE workspace_id = ? AND contact_id = ?
            ON CONFLICT (workspace_id, contact_id, tag) DO UPDATE SET count = count + excluded.count
            """, arguments: arguments)
        // The folded part moves here; the unfolded scores moved with the events.
        let folded = try foldedActiveness(db, workspaceId: workspaceId, contactId: absorbed)
        if folded != 0 { try addActiveness(db, folded, workspaceId: workspaceId, contactId: survivor) }
        let position = try stagePosition(db, workspaceId: workspaceId, contactId: absorbed)
        for table in ["contact_tags", "contact_activeness", "contact_stages", "contacts"] {
            // `table` is one of four fixed names; `contacts` keys its rows by `id`.
            let column = table == "contacts" ? "id" : "contact_id"
            try db.execute(sql: "DELETE FROM \(table) WHERE workspace_id = ? AND \(column) = ?", arguments: [workspaceId, absorbed])
        }

        kept.phone = kept.phone ?? gone.phone
        kept.externalId = kept.externalId ?? gone.externalId
        kept.email = kept.email ?? gone.email
        kept.attributes = gone.attributes.merging(kept.attributes) { _, survivorValue in survivorValue }
        try db.execute(
            sql: """
                UPDATE contacts SET phone = ?, external_id = ?, email = ?, attributes = ?,
                    created_at = MIN(created_at, ?), updated_at = ?
                WHERE workspace_id = ? AND id = ?
                """,
            arguments: [
                kept.phone, kept.externalId, kept.email, StoredAttributes.text(kept.attributes),
                gone.createdAt, now, workspaceId, survivor,
            ])
        if let stage = position.stage {
            try moveStage(
                db, workspaceId: workspaceId, contactId: survivor, stage: stage, event: "contact_merged",
                eventId: position.eventId, time: position.time, stages: try settings(db, workspaceId: workspaceId).stages)
        }
    }
}
