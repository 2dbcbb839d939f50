import Synchronization
import TernCore
import TernStore

/// Each workspace's definitions, held in memory so that validating an event costs no I/O.
///
/// Changes made through this server replace the entry at once; an entry also expires after
/// `maximumAge` so that changes made by another process (an import, another node) are seen soon.
final class DefinitionCache: Sendable {
    private struct Entry {
        var validator: EventValidator
        var loadedAt: ContinuousClock.Instant
    }

    private let store: any Store
    private let entries = Mutex<[Int64: Entry]>([:])
    private let maximumAge: Duration

    init(store: any Store, maximumAge: Duration = .seconds(2)) {
        self.store = store
        self.maximumAge = maximumAge
    }

    func validator(workspaceId: Int64) async throws -> EventValidator {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[workspaceId] }), entry.loadedAt.duration(to: now) < maximumAge {
            return entry.validator
        }
        return try await reload(workspaceId: workspaceId)
    }

    @discardableResult
    func reload(workspaceId: Int64) async throws -> EventValidator {
        let loadedAt = ContinuousClock.now
        let validator = EventValidator(definitions: try await store.definitions(workspaceId: workspaceId))
        entries.withLock { $0[workspaceId] = Entry(validator: validator, loadedAt: loadedAt) }
        return validator
    }
}
