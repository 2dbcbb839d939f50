import Logging
import PostgresNIO
import TernCore

/// Identity resolution: which contact an identity names, and merging two contacts into one when
/// an identity shows they are the same customer. The rules are ``SQLiteStore``'s, statement for
/// statement; every caller holds the workspace's lock.
extension PostgresStore {
    public func identify(workspaceId: Int64, identity: ContactIdentity, changes: ContactChanges, now: Int64) async throws -> Contact {
        try Self.checkText(identity: identity, changes: changes)
        try await partitions.ensure(containing: [now], store: self)
        return try await transaction { connection in
            try await Self.lockWorkspace(workspaceId, connection, logger)
            guard let id = try await Self.resolve(connection, workspaceId: workspaceId, identity: identity, now: now, logger) else {
                throw ValidationFailure(field: "userId", message: "userId or anonymousId is required")
            }
            // A phone or email already held by another contact is the same customer too.
            var linked: [ContactKey] = []
            if case .some(.some(let phone)) = changes.phone { linked.append(.phone(phone)) }
            if case .some(.some(let email)) = changes.email { linked.append(.email(email)) }
            for key in linked {
                if let holder = try await Self.contactID(connection, workspaceId: workspaceId, key: key, logger), holder != id {
                    try await Self.merge(connection, workspaceId: workspaceId, absorbed: holder, into: id, now: now, logger)
                }
            }
            return try await Self.apply(connection, changes, toContact: id, workspaceId: workspaceId, now: now, logger)
        }
    }

    public func alias(workspaceId: Int64, previousId: String, userId: String, now: Int64) async throws -> Contact {
        try PostgresText.check(previousId, field: "previousId")
        try PostgresText.check(userId, field: "userId")
        try await partitions.ensure(containing: [now], store: self)
        return try await transaction { connection in
            try await Self.lockWorkspace(workspaceId, connection, logger)
            guard let id = try await Self.resolve(
                connection, workspaceId: workspaceId, identity: ContactIdentity(externalId: userId), now: now, logger)
            else { throw StoreError.notFound }
            var previous = try await Self.contactID(connection, workspaceId: workspaceId, key: .externalId(previousId), logger)
            if previous == nil {
                previous = try await Self.contactID(connection, workspaceId: workspaceId, key: .anonymousId(previousId), logger)
            }
            if let previous {
                if previous != id { try await Self.merge(connection, workspaceId: workspaceId, absorbed: previous, into: id, now: now, logger) }
            } else {
                try await Self.addAnonymousId(connection, workspaceId: workspaceId, previousId, contactId: id, logger)
            }
            guard let contact = try await Self.fetchContact(connection, workspaceId: workspaceId, id: id, logger) else {
                throw StoreError.notFound
            }
            return contact
        }
    }

    // MARK: Inside a transaction

    static func contactID(_ connection: PostgresConnection, workspaceId: Int64, key: ContactKey, _ logger: Logger) async throws -> Int64? {
        switch key {
        case .id(let id): return try await contactExists(connection, workspaceId: workspaceId, id: id, logger) ? id : nil
        case .phone(let value): return try await contactID(connection, workspaceId: workspaceId, column: "phone", value: value, logger)
        case .externalId(let value):
            if let id = try await contactID(connection, workspaceId: workspaceId, column: "external_id", value: value, logger) { return id }
            if PostgresText.holdsNUL(value) { return nil }  // none holds one
            return try await connection.all("""
                SELECT contact_id FROM contact_previous_user_ids WHERE workspace_id = \(workspaceId) AND user_id = \(value)
                """, logger).first?.decode(Int64.self)
        case .email(let value): return try await contactID(connection, workspaceId: workspaceId, column: "email", value: value, logger)
        case .anonymousId(let value):
            if PostgresText.holdsNUL(value) { return nil }  // none holds one
            return try await connection.all("""
                SELECT contact_id FROM contact_anonymous_ids WHERE workspace_id = \(workspaceId) AND anonymous_id = \(value)
                """, logger).first?.decode(Int64.self)
        }
    }

    /// The contact an identity names, created if no contact holds its primary identifier; its
    /// anonymousId is attached, and a contact known only by that anonymousId is merged into it.
    /// Nil when a contact id is given that does not exist, or no identifier is given.
    static func resolve(
        _ connection: PostgresConnection, workspaceId: Int64, identity: ContactIdentity, now: Int64, _ logger: Logger
    ) async throws -> Int64? {
        guard let key = identity.primaryKey else { return nil }
        if case .id = key { return try await contactID(connection, workspaceId: workspaceId, key: key, logger) }
        var holder: Contact?
        if let anonymousId = identity.anonymousId,
           let holderId = try await contactID(connection, workspaceId: workspaceId, key: .anonymousId(anonymousId), logger)
        {
            holder = try await fetchContact(connection, workspaceId: workspaceId, id: holderId, logger)
        }
        guard let id = try await contactID(connection, workspaceId: workspaceId, key: key, logger) else {
            if let holder, holder.lacks(key) {
                // The anonymous visitor gets the identifier: no new contact, nothing to merge.
                _ = try await apply(connection, changesSetting(key), toContact: holder.id, workspaceId: workspaceId, now: now, logger)
                return holder.id
            }
            return try await insertContact(connection, workspaceId: workspaceId, identity: identity, attributes: [:], now: now, logger)
        }
        if let anonymousId = identity.anonymousId {
            if let holder {
                // An anonymous id that belongs to another identified customer (a shared device) links nothing.
                if holder.id != id, holder.externalId == nil {
                    try await merge(connection, workspaceId: workspaceId, absorbed: holder.id, into: id, now: now, logger)
                }
            } else {
                try await addAnonymousId(connection, workspaceId: workspaceId, anonymousId, contactId: id, logger)
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

    /// Attaches an anonymous id to a contact, unless some contact holds it already.
    static func addAnonymousId(
        _ connection: PostgresConnection, workspaceId: Int64, _ anonymousId: String, contactId: Int64, _ logger: Logger
    ) async throws {
        try await connection.run("""
            INSERT INTO contact_anonymous_ids (workspace_id, anonymous_id, contact_id) VALUES (\(workspaceId), \(anonymousId), \(contactId))
            ON CONFLICT DO NOTHING
            """, logger)
    }

    /// The anonymous ids of each of `contactIds`, in byte order.
    static func anonymousIds(
        _ connection: PostgresConnection, workspaceId: Int64, contactIds: [Int64], _ logger: Logger
    ) async throws -> [Int64: [String]] {
        var result: [Int64: [String]] = [:]
        guard !contactIds.isEmpty else { return result }
        for row in try await connection.all("""
            SELECT contact_id, anonymous_id FROM contact_anonymous_ids
            WHERE workspace_id = \(workspaceId) AND contact_id = ANY(\(contactIds)) ORDER BY contact_id, anonymous_id
            """, logger)
        {
            let (contactId, anonymousId) = try row.decode((Int64, String).self)
            result[contactId, default: []].append(anonymousId)
        }
        return result
    }

    /// Moves everything of `absorbed` to `survivor` and deletes `absorbed`: events, messageIds,
    /// anonymous ids, identifiers the survivor lacks, attributes it lacks, and rollups (scores and
    /// tag counts add up; the stage follows the workspace's rule over both positions).
    static func merge(
        _ connection: PostgresConnection, workspaceId: Int64, absorbed: Int64, into survivor: Int64, now: Int64, _ logger: Logger
    ) async throws {
        guard let gone = try await fetchContact(connection, workspaceId: workspaceId, id: absorbed, logger),
              var kept = try await fetchContact(connection, workspaceId: workspaceId, id: survivor, logger)
        else { return }
        if let previous = gone.externalId, let current = kept.externalId, previous != current {
            try await connection.run("""
                INSERT INTO contact_previous_user_ids (workspace_id, user_id, contact_id) VALUES (\(workspaceId), \(previous), \(survivor))
                ON CONFLICT (workspace_id, user_id) DO UPDATE SET contact_id = EXCLUDED.contact_id
                """, logger)
        }
        try await lockFolds(workspaceId, connection, logger)
        try await moveFoldedActiveness(workspaceId: workspaceId, from: absorbed, to: survivor, connection, logger)
        for table in ["events", "event_message_ids", "contact_anonymous_ids", "stage_history", "contact_previous_user_ids"] {
            // `table` is one of the fixed names above.
            try await connection.run(
                PostgresQuery(
                    unsafeSQL: "UPDATE \(table) SET contact_id = $1 WHERE workspace_id = $2 AND contact_id = $3",
                    binds: binds(survivor, workspaceId, absorbed)),
                logger)
        }
        try await connection.run("""
            INSERT INTO contact_tags (workspace_id, contact_id, tag, count)
            SELECT workspace_id, \(survivor), tag, count FROM contact_tags WHERE workspace_id = \(workspaceId) AND contact_id = \(absorbed)
            ON CONFLICT (workspace_id, contact_id, tag) DO UPDATE SET count = contact_tags.count + EXCLUDED.count
            """, logger)
        try await connection.run("DELETE FROM contact_tags WHERE workspace_id = \(workspaceId) AND contact_id = \(absorbed)", logger)

        let position = try await connection.all(
            "SELECT stage, stage_time, stage_event_id FROM contacts WHERE workspace_id = \(workspaceId) AND id = \(absorbed)", logger
        ).first?.decode((String?, Int64, Int64).self)
        try await connection.run("DELETE FROM contacts WHERE workspace_id = \(workspaceId) AND id = \(absorbed)", logger)

        kept.phone = kept.phone ?? gone.phone
        kept.externalId = kept.externalId ?? gone.externalId
        kept.email = kept.email ?? gone.email
        kept.attributes = gone.attributes.merging(kept.attributes) { _, survivorValue in survivorValue }
        try await connection.run("""
            UPDATE contacts SET phone = \(kept.phone), external_id = \(kept.externalId), email = \(kept.email),
                attributes = \(StoredAttributes.text(kept.attributes)),
                created_at = LEAST(created_at, \(gone.createdAt)), updated_at = \(now)
            WHERE workspace_id = \(workspaceId) AND id = \(survivor)
            """, logger)
        if let position, let stage = position.0 {
            var replay = StageReplay(stages: try await settings(connection, workspaceId: workspaceId, logger).stages)
            if let current = try await connection.all(
                "SELECT stage, stage_time, stage_event_id FROM contacts WHERE workspace_id = \(workspaceId) AND id = \(survivor)", logger
            ).first?.decode((String?, Int64, Int64).self) {
                replay.start(survivor, at: LifecycleStages.Position(stage: current.0, time: current.1, eventId: current.2))
            }
            replay.apply(stage, contactId: survivor, event: "contact_merged", eventId: position.2, time: position.1)
            try await replay.write(connection, workspaceId: workspaceId, logger)
        }
    }
}
