import Foundation
import TernCore
import TernTestSupport
import Testing
@testable import TernStore

/// Rollups kept incrementally must equal the ones rebuilt from the events, and both must equal
/// a straightforward model computed here, whatever the order and timing of the events and however
/// the materials they name change, on every store.
@Suite struct RollupTests {
    @Test(arguments: StoreKind.available, [LifecycleStages.Direction.forward, .any])
    func incrementalRollupsEqualARebuildAndTheModel(_ kind: StoreKind, direction: LifecycleStages.Direction) async throws {
        try await TestStore.with(kind) { test in
            try await Self.check(test.store, direction: direction, seed: direction == .forward ? 1 : 2)
        }
    }

    /// Both stores fold the scores of new events into `contact_activeness` once thousands have
    /// gathered (SQLite inside a recording transaction, PostgreSQL in the background, racing the
    /// next batches and merges); folding every 37 events puts dozens of folds among them.
    @Test(arguments: StoreKind.available, [LifecycleStages.Direction.forward, .any])
    func activenessFoldedInSmallBatchesEqualsTheModel(_ kind: StoreKind, direction: LifecycleStages.Direction) async throws {
        try await TestStore.with(kind, activenessFoldInterval: 37) { test in
            try await Self.check(test.store, direction: direction, seed: direction == .forward ? 3 : 4)
        }
    }

    /// Records 3,000 random events (random scores, stages, tags, materials, times, and anonymous
    /// visitors who are merged into known contacts) in random batches, then compares.
    static func check(_ store: any Store, direction: LifecycleStages.Direction, seed: UInt64) async throws {
        let workspace = try await store.createWorkspace(name: "A", now: 0).workspace.id
        let stages = LifecycleStages(stages: ["new", "engaged", "lead", "customer", "loyal"], direction: direction)
        try await store.updateStages(stages, workspaceId: workspace)

        var random = SeededRandom(seed: seed)
        let tags = ["shoes", "hats", "sale", "news", "vip"]
        let materials = ["m1", "m2"]
        for material in materials {
            _ = try await store.putMaterial(workspaceId: workspace, id: material, name: material, contentTags: ["sale", material], now: 0)
        }
        var events: [RecordableEvent] = []
        for _ in 0..<3000 {
            let user = "u\(Int.random(in: 0..<40, using: &random))", visitor = "a\(Int.random(in: 0..<30, using: &random))"
            // Mostly known users; some anonymous visitors, and some events that link a visitor
            // to a user (merging the visitor's contact into the user's).
            let contact = switch Int.random(in: 0..<10, using: &random) {
            case 0, 1: ContactIdentity(anonymousId: visitor)
            case 2: ContactIdentity(externalId: user, anonymousId: visitor)
            default: ContactIdentity(externalId: user)
            }
            let stage: String? = Bool.random(using: &random) ? stages.stages.randomElement(using: &random) : nil
            // Times are random, so many events arrive late relative to others of their contact;
            // a few share a time exactly.
            events.append(RecordableEvent(
                event: "cl_e", time: Int64.random(in: 0..<500, using: &random) * 1000,
                contact: contact,
                contentTags: Array(tags.shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random))),
                source: .api, score: Int.random(in: -5...10, using: &random), stage: stage,
                materialId: Bool.random(using: &random) ? materials.randomElement(using: &random) : nil))
        }
        var start = 0
        while start < events.count {
            // Materials change between batches: only later events take the new tags.
            let material = materials.randomElement(using: &random)!
            let materialTags = Array(tags.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random)))
            _ = try await store.putMaterial(workspaceId: workspace, id: material, name: material, contentTags: materialTags, now: 0)
            let size = Int.random(in: 1...200, using: &random)
            let batch = Array(events[start..<min(start + size, events.count)])
            _ = try await store.record([EventBatch(workspaceId: workspace, events: batch, receivedAt: 0)])
            start += size
        }
        let recorded = try await store.events(EventQuery(workspaceId: workspace, event: "cl_e", limit: 10_000)).events
        #expect(recorded.count == events.count)
        // A deleted contact takes its rollups with it, folded or not.
        let deleted = try #require(try await store.contact(workspaceId: workspace, key: .externalId("u0"))).id
        #expect(try await store.deleteContact(workspaceId: workspace, id: deleted))

        let incremental = try await store.rollups(workspaceId: workspace)
        #expect(incremental[deleted] == nil)
        try await store.rebuildRollups(workspaceId: workspace)
        let rebuilt = try await store.rollups(workspaceId: workspace)
        #expect(incremental == rebuilt)

        // The model: sums, tag counts, and the stage by the direction's rule over event order.
        let stored = try await store.events(EventQuery(workspaceId: workspace, event: "cl_e", limit: 10_000)).events
        #expect(stored.count == recorded.filter { $0.contactId != deleted }.count)
        var model: [Int64: ContactRollups] = [:]
        for event in stored {
            model[event.contactId, default: ContactRollups(activeness: 0, stage: nil, tags: [:])].activeness += event.score
            for tag in event.contentTags { model[event.contactId]!.tags[tag, default: 0] += 1 }
        }
        for (contact, contactEvents) in Dictionary(grouping: stored.filter { $0.stage != nil }, by: \.contactId) {
            let winner: StoredEvent? = switch direction {
            case .forward: contactEvents.max { stages.stages.firstIndex(of: $0.stage!)! < stages.stages.firstIndex(of: $1.stage!)! }
            case .any: contactEvents.max { ($0.time, $0.id) < ($1.time, $1.id) }
            }
            model[contact]!.stage = winner?.stage
        }
        #expect(rebuilt == model)
    }
}
