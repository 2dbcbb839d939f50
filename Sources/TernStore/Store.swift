import TernCore

/// Everything Tern keeps, behind one contract that every storage engine implements.
///
/// Every method takes the workspace id: no query runs without one, so a key of one
/// workspace can never reach another's rows. Times are UTC milliseconds. Every store is also
/// the ``JobQueue``: deferred work lives beside the data it acts on.
public protocol Store: JobQueue {
    /// Returns once the store has answered a query (a health check's question: no workspace, no
    /// data); throws when it cannot.
    func ping() async throws

    // MARK: Workspaces and keys
    func createWorkspace(name: String, now: Int64) async throws -> WorkspaceCredentials
    /// Creates a key and returns it in clear text; only its hash is kept.
    func createKey(workspaceId: Int64, scope: KeyScope, label: String, now: Int64) async throws -> String
    func grant(forKey key: String) async throws -> KeyGrant?
    func workspaces() async throws -> [Workspace]

    // MARK: Event definitions
    func definitions(workspaceId: Int64) async throws -> [EventDefinition]
    func definition(workspaceId: Int64, id: String) async throws -> EventDefinition?
    /// Throws ``StoreError/conflict(field:message:)`` when the id or the name is taken.
    func createDefinition(_ definition: EventDefinition, workspaceId: Int64) async throws
    /// Changes a definition in one transaction: `change` gets it as stored (no other change can
    /// land in between, on any node) and returns the new definition; answers it as stored, or nil
    /// if there is none. Errors thrown by `change` change nothing.
    func updateDefinition(
        workspaceId: Int64, id: String, _ change: @Sendable (EventDefinition) throws -> EventDefinition
    ) async throws -> EventDefinition?
    /// Deletes a custom definition; false if there is none with that id.
    func deleteDefinition(workspaceId: Int64, id: String) async throws -> Bool
    /// A page of definitions matching the query: system definitions first, then by name ignoring case.
    func definitions(_ query: DefinitionQuery) async throws -> DefinitionPage
    /// Creates every definition in one transaction, or none when an id or a name is taken
    /// (reported per definition). Groups named by the definitions are created as needed.
    func importDefinitions(_ definitions: [EventDefinition], workspaceId: Int64) async throws -> DefinitionImportOutcome
    /// Puts every system definition's score and stage back to ``SystemCatalog``'s; custom ones are untouched.
    func restoreSystemDefaults(workspaceId: Int64, now: Int64) async throws -> [SystemDefaultChange]

    // MARK: Event groups
    /// Every group of the workspace, by name ignoring case, with how many definitions each holds.
    func eventGroups(workspaceId: Int64) async throws -> [EventGroup]
    func eventGroup(workspaceId: Int64, id: Int64) async throws -> EventGroup?
    /// Throws ``StoreError/conflict(field:message:)`` when the name is taken (ignoring case).
    func createEventGroup(workspaceId: Int64, name: String, now: Int64) async throws -> EventGroup
    /// Nil if there is no such group; a conflict when the name is taken by another group.
    func renameEventGroup(workspaceId: Int64, id: Int64, name: String, now: Int64) async throws -> EventGroup?
    /// Deletes the group and leaves its definitions ungrouped; false if there is no such group.
    func deleteEventGroup(workspaceId: Int64, id: Int64, now: Int64) async throws -> Bool
    /// Puts custom definitions into a group (nil: into none), all of them or none.
    func moveDefinitions(workspaceId: Int64, ids: [String], toGroup groupId: Int64?, now: Int64) async throws -> DefinitionMoveOutcome

    // MARK: Contacts
    /// Finds the contact named by any of the identifiers and applies `changes`, or creates it
    /// (recording `contact_created`). Throws a conflict when the identifiers name different contacts.
    func upsertContact(
        workspaceId: Int64, identity: ContactIdentity, changes: ContactChanges, now: Int64
    ) async throws -> (contact: Contact, created: Bool)
    func contact(workspaceId: Int64, key: ContactKey) async throws -> Contact?
    /// Contacts matching the filter in id order, after the given id.
    func contacts(workspaceId: Int64, filter: ContactFilter, after: Int64?, limit: Int) async throws -> [Contact]
    /// Applies `changes` and records `contact_updated`; nil if there is no such contact.
    func updateContact(workspaceId: Int64, id: Int64, changes: ContactChanges, now: Int64) async throws -> Contact?
    /// Deletes the contact and its events; false if there is no such contact.
    func deleteContact(workspaceId: Int64, id: Int64) async throws -> Bool

    // MARK: Identity
    /// Creates or updates the contact an identity names (Segment's `identify`). An anonymousId,
    /// phone or email that names another contact merges that contact into this one.
    func identify(workspaceId: Int64, identity: ContactIdentity, changes: ContactChanges, now: Int64) async throws -> Contact
    /// Makes `previousId` (a userId or an anonymousId) another name of `userId`'s contact, merging the two.
    func alias(workspaceId: Int64, previousId: String, userId: String, now: Int64) async throws -> Contact

    // MARK: Quarantine
    func quarantine(_ events: [RejectedEvent]) async throws
    /// Rejected events matching the query, in the order they were received.
    func rejectedEvents(_ query: RejectedEventQuery) async throws -> [RejectedEvent]
    /// How many rejected events are waiting for a replay, per reason.
    func rejectedEventCounts(workspaceId: Int64) async throws -> [String: Int]
    /// Marks rejected events as recorded by a replay, with the id of the event each became.
    func markReplayed(workspaceId: Int64, _ replayed: [(rejectedId: Int64, eventId: Int64)]) async throws

    // MARK: Engagement
    func settings(workspaceId: Int64) async throws -> WorkspaceSettings
    func updateActivenessLevels(_ levels: ActivenessLevels, workspaceId: Int64) async throws
    /// nil allows every origin.
    func updateAllowedOrigins(_ origins: [String]?, workspaceId: Int64) async throws
    /// Throws a conflict when a definition pushes a stage the new list leaves out.
    func updateStages(_ stages: LifecycleStages, workspaceId: Int64) async throws
    func profile(workspaceId: Int64, contactId: Int64) async throws -> ContactProfile?
    /// The sum of event scores per contact, counting events at or after `since`.
    func activeness(workspaceId: Int64, contactIds: [Int64], since: Int64) async throws -> [Int64: Int]
    /// Recomputes every contact's rollups from its stored events (all workspaces when nil).
    func rebuildRollups(workspaceId: Int64?) async throws
    /// The stored rollups of every contact of a workspace, by contact id.
    func rollups(workspaceId: Int64) async throws -> [Int64: ContactRollups]

    // MARK: Materials
    /// A page of the workspace's materials in id order (bytewise), after the given id.
    func materials(workspaceId: Int64, after: String?, limit: Int) async throws -> [Material]
    func material(workspaceId: Int64, id: String) async throws -> Material?
    /// Creates the material, or replaces the name and tags of the one with its id (keeping its
    /// `createdAt`). `created` says which.
    func putMaterial(workspaceId: Int64, id: String, name: String, contentTags: [String], now: Int64) async throws
        -> (material: Material, created: Bool)
    /// Deletes the material; events recorded on it keep its tags. False if there is no such material.
    func deleteMaterial(workspaceId: Int64, id: String) async throws -> Bool

    // MARK: Events
    /// Records every batch in one transaction and returns, per batch, each event's outcome.
    /// Returns only after the transaction has committed. A store whose next transaction can wait
    /// on this one's locks calls `committing` as this one starts to commit (again if it retries),
    /// so the ``EventWriter`` can start the next group then.
    func record(_ batches: [EventBatch], committing: @Sendable () -> Void) async throws -> [[RecordOutcome]]
    func events(_ query: EventQuery) async throws -> EventPage

    // MARK: Saved segments
    /// A page of the workspace's saved segments, newest first, older than the segment `before`.
    func savedSegments(workspaceId: Int64, before: Int64?, limit: Int) async throws -> [SavedSegment]
    func savedSegment(workspaceId: Int64, id: Int64) async throws -> SavedSegment?
    /// Stores a new segment and returns it with its id. Throws ``StoreError/conflict(field:message:)``
    /// naming `name` when another segment has the name (ignoring case).
    func createSavedSegment(_ segment: SavedSegment, workspaceId: Int64) async throws -> SavedSegment
    /// Changes a segment in one transaction, as ``updateDefinition(workspaceId:id:_:)`` does; nil if
    /// there is none, a conflict when the new name is taken.
    func updateSavedSegment(
        workspaceId: Int64, id: Int64, _ change: @Sendable (SavedSegment) throws -> SavedSegment
    ) async throws -> SavedSegment?
    /// False if there is no such segment.
    func deleteSavedSegment(workspaceId: Int64, id: Int64) async throws -> Bool

    // MARK: Audiences and analytics
    /// Every contact id of the workspace, ascending.
    func contactIds(workspaceId: Int64) async throws -> [Int64]
    /// The events of one kind in `[from, to)`, by time then id.
    func eventOccurrences(_ query: OccurrenceQuery) async throws -> EventOccurrences
    /// The first and last event time of every contact that has events.
    func eventTimeBounds(workspaceId: Int64) async throws -> [Int64: EventTimeBounds]
}

extension Store {
    /// Records every batch in one transaction, as ``record(_:committing:)`` does, for callers
    /// without an ``EventWriter``.
    public func record(_ batches: [EventBatch]) async throws -> [[RecordOutcome]] {
        try await record(batches, committing: {})
    }
}
