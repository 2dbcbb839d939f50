import TernCore
import Testing
@testable import TernStore

/// What a PostgreSQL node remembers of identifiers is used only under the count of identity
/// changes it was learned under, and stays within its capacity.
@Suite struct IdentityCacheTests {
    static func lookups(externalIds: [String]) -> EventRecordPlan.Lookups {
        EventRecordPlan.Lookups(ids: [], phones: [], externalIds: externalIds, emails: [], messageIds: [], unstorable: [:])
    }

    /// The externalIds `cache` answers for workspace 1 under `changes`, and those left to probe.
    static func recall(_ cache: IdentityCache, _ externalIds: [String], changes: Int64) -> (known: [String: Int64], left: [String]) {
        var lookups = lookups(externalIds: externalIds)
        var known = EventRecordPlan.Known()
        cache.recall(&lookups, into: &known, workspaceId: 1, changes: changes)
        return (known.externalIds, lookups.externalIds)
    }

    static func learned(_ pairs: [(String, Int64)]) -> IdentityCache.Identifiers {
        var identifiers = IdentityCache.Identifiers()
        for (externalId, id) in pairs { identifiers.add(contactId: id, phone: nil, externalId: externalId, email: nil) }
        return identifiers
    }

    @Test func entriesAnswerOnlyUnderTheCountTheyWereLearnedUnder() {
        let cache = IdentityCache()
        cache.remember(Self.learned([("u1", 10), ("u2", 20)]), workspaceId: 1, changes: 3)
        #expect(Self.recall(cache, ["u1", "u3"], changes: 3) == (["u1": 10], ["u3"]))
        #expect(Self.recall(cache, ["u1"], changes: 4) == ([:], ["u1"]), "a contact changed since: probe again")

        // Learned under a newer count: the older entries go, and late news from before is ignored.
        cache.remember(Self.learned([("u3", 30)]), workspaceId: 1, changes: 4)
        cache.remember(Self.learned([("u4", 40)]), workspaceId: 1, changes: 3)
        #expect(Self.recall(cache, ["u1", "u3", "u4"], changes: 4) == (["u3": 30], ["u1", "u4"]))
    }

    @Test func pastItsCapacityItStartsAgain() {
        let cache = IdentityCache(capacity: 6)  // an entry per contact id and one per externalId
        cache.remember(Self.learned([("u1", 1), ("u2", 2), ("u3", 3)]), workspaceId: 1, changes: 0)
        #expect(Self.recall(cache, ["u1", "u2", "u3"], changes: 0).left.isEmpty)
        cache.remember(Self.learned([("u4", 4)]), workspaceId: 1, changes: 0)
        #expect(Self.recall(cache, ["u1", "u2", "u3", "u4"], changes: 0) == (["u4": 4], ["u1", "u2", "u3"]))
    }
}
