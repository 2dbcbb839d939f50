import TernCore

/// Everything Tern keeps, behind one contract that every storage engine implements.
///
/// Every method takes the workspace id: no query runs without one, so a key of one
/// workspace can never reach another's rows. Times are UTC milliseconds.
public protocol Store: Sendable {
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
    func updateDefinition(_ definition: EventDefinition, workspaceId: Int64) async throws
    /// Deletes a custom definition; false if there is none with that id.
    func deleteDefinition(workspaceId: Int64, id: String) async throws -> Bool

    // MARK: Contacts
    /// Finds the contact named by any of the identifiers and applies `changes`, or creates it
    /// (recording `contact_created`). Throws a conflict when the identifiers name different contacts.
    func upsertContact(
        workspaceId: Int64, identity: ContactIdentity, changes: ContactChanges, now: Int64
    ) async throws -> (contact: Contact, created: Bool)
    func contact(workspaceId: Int64, key: ContactKey) async throws -> Contact?
    /// Contacts in id order, after the given id.
    func contacts(workspaceId: Int64, after: Int64?, limit: Int) async throws -> [Contact]
    /// Applies `changes` and records `contact_updated`; nil if there is no such contact.
    func updateContact(workspaceId: Int64, id: Int64, changes: ContactChanges, now: Int64) async throws -> Contact?
    /// Deletes the contact and its events; false if there is no such contact.
    func deleteContact(workspaceId: Int64, id: Int64) async throws -> Bool

    // MARK: Events
    /// Records every batch in one transaction and returns, per batch, each event's outcome.
    /// Returns only after the transaction has committed.
    func record(_ batches: [EventBatch]) async throws -> [[RecordOutcome]]
    func events(_ query: EventQuery) async throws -> EventPage
}
