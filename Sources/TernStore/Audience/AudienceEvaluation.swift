import TernCore

/// Finds the contacts a filter selects, for any ``Store``, through its reads: one read per `did`
/// node (the events of that kind in its window), contacts and rollups when the filter asks about
/// them, and set algebra in memory (`not` is the workspace's contacts minus the set).
///
/// ```swift
/// var evaluation = AudienceEvaluation(store: store, workspaceId: 1, settings: settings, now: now)
/// let ids = try await evaluation.contactIds(matching: filter)   // ascending
/// ```
public struct AudienceEvaluation: Sendable {
    public let store: any Store
    public let workspaceId: Int64
    public let settings: WorkspaceSettings
    /// The time of the query: relative windows end here.
    public let now: Int64

    private var universe: Set<Int64>?
    private var contacts: [Int64: Contact]?
    private var activeness: [Int64: Int]?
    private var bounds: [Int64: EventTimeBounds]?

    public init(store: any Store, workspaceId: Int64, settings: WorkspaceSettings, now: Int64) {
        self.store = store
        self.workspaceId = workspaceId
        self.settings = settings
        self.now = now
    }

    /// The ids of the matching contacts, ascending.
    public mutating func contactIds(matching filter: AudienceFilter) async throws -> [Int64] {
        try await evaluate(filter).sorted()
    }

    mutating func evaluate(_ filter: AudienceFilter) async throws -> Set<Int64> {
        switch filter {
        case .all(let children):
            var result = try await allContacts()
            for child in children {
                if result.isEmpty { break }
                result.formIntersection(try await evaluate(child))
            }
            return result
        case .any(let children):
            var result: Set<Int64> = []
            for child in children { result.formUnion(try await evaluate(child)) }
            return result
        case .not(let child):
            return try await allContacts().subtracting(try await evaluate(child))
        case .did(let did):
            return try await evaluate(did)
        case .attribute(let name, let condition):
            return Set(try await loadContacts().values.filter { condition.matches($0.attributes[name]) }.map(\.id))
        case .identifier(let field, let condition):
            return Set(try await loadContacts().values.filter { contact in
                let value: String? = switch field {
                case .phone: contact.phone
                case .email: contact.email
                case .externalId: contact.externalId
                }
                return condition.matches(value.map(JSONValue.string))
            }.map(\.id))
        case .activeness(let lower, let upper):
            let scores = try await loadActiveness()
            return Set(scores.filter { entry in
                entry.value >= (lower ?? .min) && (upper.map { entry.value < $0 } ?? true)
            }.map(\.key))
        case .stage(let stages):
            let first = settings.stages.stages.first
            return Set(try await loadContacts().values.filter { stages.contains($0.stage ?? first ?? "") }.map(\.id))
        case .tag(let tag):
            var ids: Set<Int64> = []
            var after: Int64?
            while true {
                let page = try await store.contacts(workspaceId: workspaceId, filter: .tag(tag), after: after, limit: 1000)
                ids.formUnion(page.map(\.id))
                guard page.count == 1000, let last = page.last else { break }
                after = last.id
            }
            return ids
        case .firstEvent(let window):
            return Set(try await loadBounds().filter { window.contains($0.value.first, now: now) }.map(\.key))
        case .lastEvent(let window):
            return Set(try await loadBounds().filter { window.contains($0.value.last, now: now) }.map(\.key))
        }
    }

    mutating func evaluate(_ did: DidCondition) async throws -> Set<Int64> {
        let (from, to) = did.window?.bounds(now: now) ?? (Int64.min, Int64.max)
        let occurrences = try await store.eventOccurrences(OccurrenceQuery(
            workspaceId: workspaceId, event: did.event, from: from, to: to, includeProperties: !did.conditions.isEmpty))
        var counts: [Int64: Int] = [:]
        for occurrence in occurrences where did.conditions.allSatisfy({ $0.matches(occurrence.properties) }) {
            counts[occurrence.contactId, default: 0] += 1
        }
        let everyone = try await allContacts()
        if did.count.matches(0) {
            // Contacts without a matching event count too (`{"count": {"lt": 2}}`).
            return everyone.subtracting(counts.filter { !did.count.matches($0.value) }.map(\.key))
        }
        return Set(counts.filter { did.count.matches($0.value) }.map(\.key)).intersection(everyone)
    }

    mutating func allContacts() async throws -> Set<Int64> {
        if let universe { return universe }
        let ids = Set(try await store.contactIds(workspaceId: workspaceId))
        universe = ids
        return ids
    }

    mutating func loadContacts() async throws -> [Int64: Contact] {
        if let contacts { return contacts }
        var loaded: [Int64: Contact] = [:]
        var after: Int64?
        while true {
            let page = try await store.contacts(workspaceId: workspaceId, filter: .all, after: after, limit: 1000)
            for contact in page { loaded[contact.id] = contact }
            guard page.count == 1000, let last = page.last else { break }
            after = last.id
        }
        contacts = loaded
        return loaded
    }

    /// Activeness as contacts show it: over the workspace's window when it has one.
    mutating func loadActiveness() async throws -> [Int64: Int] {
        if let activeness { return activeness }
        let all = try await loadContacts()
        var scores: [Int64: Int]
        if let days = settings.activenessLevels.windowDays {
            scores = try await store.activeness(workspaceId: workspaceId, contactIds: Array(all.keys), since: now - Int64(days) * 86_400_000)
            for id in all.keys where scores[id] == nil { scores[id] = 0 }
        } else {
            scores = all.mapValues(\.activeness)
        }
        activeness = scores
        return scores
    }

    mutating func loadBounds() async throws -> [Int64: EventTimeBounds] {
        if let bounds { return bounds }
        let loaded = try await store.eventTimeBounds(workspaceId: workspaceId)
        bounds = loaded
        return loaded
    }
}
