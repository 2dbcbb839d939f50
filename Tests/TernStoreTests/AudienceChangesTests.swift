import TernCore
import TernStore
import TernTestSupport
import Testing

/// Audiences and analytics after the data changes under them: late events, new contacts without
/// events, a deleted contact, a merge. The SQLite store answers from an in-memory projection of
/// the events, which must follow every such change.
@Suite struct AudienceChangesTests {
    typealias Random = AudienceCorrectnessTests

    @Test(arguments: StoreKind.available)
    func answersFollowNewLateDeletedAndMergedData(kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let store = test.store
            var data = try await Random.fill(store, seed: 31)
            var rng = SeededRandom(seed: 17)
            try await Self.compare(store, data, &rng)

            let contacts = data.contacts.map(\.id)
            let late = (0..<60).map { i in
                RecordableEvent(
                    event: Random.events[i % 3], time: Random.now - Int64(55 + i % 5) * Random.day,
                    contact: ContactIdentity(id: contacts[i % contacts.count]), source: .api, score: 1)
            }
            let newcomers = (0..<3).map { ContactIdentity(externalId: "new\($0)") }
            let fresh = newcomers.map { RecordableEvent(event: "ev_a", time: Random.now - Random.day, contact: $0, source: .api, score: 3) }
            _ = try await store.record([EventBatch(workspaceId: data.workspaceId, events: late + fresh.prefix(2), receivedAt: Random.now)])
            _ = try await store.upsertContact(
                workspaceId: data.workspaceId, identity: newcomers[2], changes: ContactChanges(), now: Random.now)
            #expect(try await store.deleteContact(workspaceId: data.workspaceId, id: contacts[0]))
            _ = try await store.alias(workspaceId: data.workspaceId, previousId: "u2", userId: "u1", now: Random.now)

            data.events = try await Self.allEvents(store, workspaceId: data.workspaceId)
            data.contacts = try await store.contacts(workspaceId: data.workspaceId, filter: .all, after: nil, limit: 1000)
            #expect(data.contacts.count == contacts.count - 2 + 3, "one deleted, one merged away, three new")
            try await Self.compare(store, data, &rng)
        }
    }

    static func compare(_ store: any Store, _ data: Random.Data, _ rng: inout SeededRandom) async throws {
        let settings = try await store.settings(workspaceId: data.workspaceId)
        for _ in 0..<60 {
            let filter = Random.randomFilter(&rng, depth: 0)
            var evaluation = AudienceEvaluation(store: store, workspaceId: data.workspaceId, settings: settings, now: Random.now)
            let got = try await evaluation.contactIds(matching: filter)
            let expected = data.contacts.filter { Reference.matches(filter, $0, data.events, settings, now: Random.now) }.map(\.id).sorted()
            #expect(got == expected, "\(filter)")
        }
        for _ in 0..<20 {
            let steps = (0..<3).map { _ in EventSelector(event: Random.events[Int.random(in: 0...2, using: &rng)]) }
            let window = Int64.random(in: 1...10, using: &rng) * Random.day
            let from = Random.now - 60 * Random.day
            let to = Random.now
            let got = try await Analytics.funnel(
                store: store, workspaceId: data.workspaceId, steps: steps, window: window, from: from, to: to, breakdown: nil)
            let expected = Reference.funnel(steps, window: window, from: from, to: to, breakdown: nil, events: data.events)
            #expect(got.steps == expected.steps, "\(steps.map(\.event)) \(window)")
        }
    }

    static func allEvents(_ store: any Store, workspaceId: Int64) async throws -> [StoredEvent] {
        var events: [StoredEvent] = []
        var cursor: EventCursor?
        while true {
            let page = try await store.events(EventQuery(workspaceId: workspaceId, limit: 1000, cursor: cursor))
            events += page.events
            guard page.hasMore else { break }
            cursor = page.nextCursor
        }
        return events
    }
}
