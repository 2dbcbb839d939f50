import Synchronization

/// The contacts this node has found or created by contact id, phone, externalId and email, per
/// workspace, so recording probes the database only for identifiers it has not seen yet.
///
/// What it remembers is true for as long as the workspace's count of identity changes stays the
/// count it was learned under: `contact_identity_changes`, kept by a trigger on `contacts`, moves
/// whenever any node deletes a contact (erased or merged away) or changes its phone, externalId or
/// email, and the workspace's entries are then dropped. Recording reads the count under the
/// workspace's lock, which every such change holds too. A contact created elsewhere changes
/// nothing remembered here: its identifiers are simply not known yet, and are probed.
final class IdentityCache: Sendable {
    struct Identifiers {
        var contactIds: Set<Int64> = []
        var phones: [String: Int64] = [:]
        var externalIds: [String: Int64] = [:]
        var emails: [String: Int64] = [:]

        var count: Int { contactIds.count + phones.count + externalIds.count + emails.count }

        mutating func add(contactId: Int64, phone: String?, externalId: String?, email: String?) {
            contactIds.insert(contactId)
            if let phone { phones[phone] = contactId }
            if let externalId { externalIds[externalId] = contactId }
            if let email { emails[email] = contactId }
        }
    }

    private struct Workspace {
        var changes: Int64
        var identifiers = Identifiers()
    }

    private struct State {
        var workspaces: [Int64: Workspace] = [:]
        var count = 0
    }

    private let state = Mutex(State())
    /// At most this many entries over every workspace; past it, everything is dropped and learned
    /// again (40 to 100 bytes each).
    let capacity: Int

    init(capacity: Int = 1_000_000) {
        self.capacity = capacity
    }

    /// Moves what is remembered for the workspace under `changes` out of `lookups` and into `known`.
    func recall(_ lookups: inout EventRecordPlan.Lookups, into known: inout EventRecordPlan.Known, workspaceId: Int64, changes: Int64) {
        state.withLock { state in
            guard let workspace = state.workspaces[workspaceId], workspace.changes == changes else { return }
            let remembered = workspace.identifiers
            lookups.ids.removeAll { id in
                guard remembered.contactIds.contains(id) else { return false }
                known.contactIds.insert(id)
                return true
            }
            func recall(_ values: inout [String], from remembered: [String: Int64], into known: inout [String: Int64]) {
                known.reserveCapacity(known.count + values.count)
                values.removeAll { value in
                    guard let id = remembered[value] else { return false }
                    known[value] = id
                    return true
                }
            }
            recall(&lookups.phones, from: remembered.phones, into: &known.phones)
            recall(&lookups.externalIds, from: remembered.externalIds, into: &known.externalIds)
            recall(&lookups.emails, from: remembered.emails, into: &known.emails)
        }
    }

    /// Remembers identifiers read or created under the workspace's lock while its count was `changes`.
    func remember(_ learned: Identifiers, workspaceId: Int64, changes: Int64) {
        guard learned.count > 0 else { return }
        state.withLock { state in
            if let current = state.workspaces[workspaceId], current.changes != changes {
                if current.changes > changes { return }  // learned before a change already seen here
                state.count -= current.identifiers.count
                state.workspaces[workspaceId] = nil
            }
            if state.count + learned.count > capacity {
                state.workspaces = [:]
                state.count = 0
            }
            state.count += state.workspaces[workspaceId, default: Workspace(changes: changes)].identifiers.merge(learned)
        }
    }
}

extension IdentityCache.Identifiers {
    /// Adds `other`'s entries; returns how many more entries there are.
    fileprivate mutating func merge(_ other: Self) -> Int {
        let before = count
        contactIds.formUnion(other.contactIds)
        phones.merge(other.phones) { _, new in new }
        externalIds.merge(other.externalIds) { _, new in new }
        emails.merge(other.emails) { _, new in new }
        return count - before
    }
}
