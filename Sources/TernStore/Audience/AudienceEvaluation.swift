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

    private var universe: ContactSet?
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
        try await evaluate(filter).ids
    }

    mutating func evaluate(_ filter: AudienceFilter) async throws -> ContactSet {
        switch filter {
        case .all(let children):
            var result = try await allContacts()
            for child in children {
                if result.isEmpty { break }
                result.formIntersection(try await evaluate(child))
            }
            return result
        case .any(let children):
            var result = try await allContacts().emptyCopy()
            for child in children { result.formUnion(try await evaluate(child)) }
            return result
        case .not(let child):
            var result = try await allContacts()
            result.subtract(try await evaluate(child))
            return result
        case .did(let did):
            return try await evaluate(did)
        case .attribute(let name, let condition):
            return try await contacts { condition.matches($0.attributes[name]) }
        case .identifier(let field, let condition):
            return try await contacts { contact in
                let value: String? = switch field {
                case .phone: contact.phone
                case .email: contact.email
                case .externalId: contact.externalId
                }
                return condition.matches(value.map(JSONValue.string))
            }
        case .activeness(let lower, let upper):
            let scores = try await loadActiveness()
            return try await set(scores.filter { entry in
                entry.value >= (lower ?? .min) && (upper.map { entry.value < $0 } ?? true)
            }.keys)
        case .stage(let stages):
            let first = settings.stages.stages.first
            return try await contacts { stages.contains($0.stage ?? first ?? "") }
        case .tag(let tag):
            var result = try await allContacts().emptyCopy()
            var after: Int64?
            while true {
                let page = try await store.contacts(workspaceId: workspaceId, filter: .tag(tag), after: after, limit: 1000)
                for contact in page { result.insert(contact.id) }
                guard page.count == 1000, let last = page.last else { break }
                after = last.id
            }
            return result
        case .firstEvent(let window):
            return try await set(loadBounds().filter { window.contains($0.value.first, now: now) }.keys)
        case .lastEvent(let window):
            return try await set(loadBounds().filter { window.contains($0.value.last, now: now) }.keys)
        }
    }

    /// Counts each contact's matching events in the window and keeps those whose count matches,
    /// including contacts without any when the count allows 0 (`{"count": {"lt": 2}}`).
    mutating func evaluate(_ did: DidCondition) async throws -> ContactSet {
        let (from, to) = did.window?.bounds(now: now) ?? (Int64.min, Int64.max)
        let occurrences = try await store.eventOccurrences(OccurrenceQuery(
            workspaceId: workspaceId, event: did.event, from: from, to: to, includeProperties: !did.conditions.isEmpty))
        let everyone = try await allContacts()
        var result = everyone.emptyCopy()
        if did.conditions.isEmpty && did.count == .atLeastOne {
            for id in occurrences.contactIds { result.insert(id) }
            result.formIntersection(everyone)
            return result
        }
        var counts = [Int32](repeating: 0, count: everyone.capacity)
        for i in 0..<occurrences.count where did.conditions.allSatisfy({ $0.matches(occurrences.properties(at: i)) }) {
            if let offset = everyone.offset(of: occurrences.contactIds[i]) { counts[offset] += 1 }
        }
        for offset in 0..<everyone.capacity where everyone.contains(offset: offset) && did.count.matches(Int(counts[offset])) {
            result.insert(offset: offset)
        }
        return result
    }

    mutating func allContacts() async throws -> ContactSet {
        if let universe { return universe }
        let ids = ContactSet(ids: try await store.contactIds(workspaceId: workspaceId))
        universe = ids
        return ids
    }

    mutating func contacts(where predicate: (Contact) -> Bool) async throws -> ContactSet {
        try await set(loadContacts().values.filter(predicate).map(\.id))
    }

    mutating func set(_ ids: some Sequence<Int64>) async throws -> ContactSet {
        var result = try await allContacts().emptyCopy()
        for id in ids { result.insert(id) }
        return result
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
