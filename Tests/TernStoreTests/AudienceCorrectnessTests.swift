import Foundation
import TernCore
import TernStore
import TernTestSupport
import Testing

/// Audiences and analytics compared with a brute-force reference computed here, over the raw
/// events read back from the store, on seeded random data.
@Suite struct AudienceCorrectnessTests {
    static let day: Int64 = 86_400_000
    static let now: Int64 = 1_795_600_000_000
    static let events = ["ev_a", "ev_b", "ev_c"]
    static let definitions = [
        EventDefinition(id: "ev_a", name: "A", direction: .inbound, score: 3, properties: [
            PropertyDefinition(id: "price", name: "Price", type: .number),
            PropertyDefinition(id: "sku", name: "SKU", type: .string),
        ]),
        EventDefinition(id: "ev_b", name: "B", direction: .inbound, score: 1, properties: [
            PropertyDefinition(id: "page", name: "Page", type: .url),
            PropertyDefinition(id: "paid", name: "Paid", type: .timestamp),
        ]),
        EventDefinition(id: "ev_c", name: "C", direction: .inbound, score: -1),
    ]

    struct Data {
        var workspaceId: Int64
        var events: [StoredEvent]
        var contacts: [Contact]
    }

    static func fill(_ store: any Store, seed: UInt64) async throws -> Data {
        var rng = SeededRandom(seed: seed)
        let workspace = try await store.createWorkspace(name: "R", now: now - 90 * day).workspace
        let other = try await store.createWorkspace(name: "Other", now: now - 90 * day).workspace
        for definition in definitions {
            try await store.createDefinition(definition, workspaceId: workspace.id)
            try await store.createDefinition(definition, workspaceId: other.id)
        }
        var ids: [Int64] = []
        for i in 0..<40 {
            let attributes: [String: JSONValue] = i % 5 == 4 ? [:] : [
                "plan": .string(["free", "pro", "team"][Int.random(in: 0...2, using: &rng)]),
                "age": .integer(Int.random(in: 18...70, using: &rng)),
            ]
            let identity = ContactIdentity(externalId: "u\(i)", email: i % 3 == 0 ? "u\(i)@example.com" : nil)
            ids.append(try await store.upsertContact(
                workspaceId: workspace.id, identity: identity, changes: ContactChanges(attributes: attributes), now: now - 80 * day).contact.id)
        }
        // Another workspace's events must never count.
        let stranger = try await store.upsertContact(
            workspaceId: other.id, identity: ContactIdentity(externalId: "u1"), changes: ContactChanges(), now: now).contact.id
        var batch: [RecordableEvent] = []
        for _ in 0..<700 {
            let event = events[Int.random(in: 0...2, using: &rng)]
            var properties: [String: PropertyValue] = [:]
            if event == "ev_a" {
                if Bool.random(using: &rng) { properties["price"] = .number(tenths: Int64.random(in: 0...50, using: &rng) * 5) }
                if Int.random(in: 0...3, using: &rng) > 0 { properties["sku"] = .string(["red-1", "red-2", "blue-1"][Int.random(in: 0...2, using: &rng)]) }
                if Int.random(in: 0...4, using: &rng) == 0 { properties["channel"] = .string("email") }
            } else if event == "ev_b" {
                if Bool.random(using: &rng) { properties["page"] = .url(["https://a.example/x", "https://b.example/y"][Int.random(in: 0...1, using: &rng)]) }
                if Bool.random(using: &rng) { properties["paid"] = .timestamp(millis: now - Int64.random(in: 0...20, using: &rng) * day) }
            }
            let tags = Int.random(in: 0...5, using: &rng) == 0 ? ["shoes"] : []
            let time = now - Int64.random(in: 0...(60 * 24), using: &rng) * 3_600_000 + Int64.random(in: 0...3, using: &rng) * 1000
            let definition = definitions.first { $0.id == event }!
            batch.append(RecordableEvent(
                event: event, time: time, contact: ContactIdentity(id: ids[Int.random(in: 0..<ids.count, using: &rng)]),
                properties: properties, contentTags: tags, source: .api, score: definition.score))
        }
        batch.append(RecordableEvent(event: "ev_a", time: now - day, contact: ContactIdentity(id: stranger), source: .api, score: 3))
        _ = try await store.record([EventBatch(workspaceId: workspace.id, events: Array(batch.dropLast()), receivedAt: now)])
        _ = try await store.record([EventBatch(workspaceId: other.id, events: [batch.last!], receivedAt: now)])
        var events: [StoredEvent] = []
        var cursor: EventCursor?
        while true {
            let page = try await store.events(EventQuery(workspaceId: workspace.id, limit: 1000, cursor: cursor))
            events += page.events
            guard page.hasMore else { break }
            cursor = page.nextCursor
        }
        let contacts = try await store.contacts(workspaceId: workspace.id, filter: .all, after: nil, limit: 1000)
        return Data(workspaceId: workspace.id, events: events, contacts: contacts)
    }

    @Test(arguments: StoreKind.available)
    func randomFiltersMatchTheReference(kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let data = try await Self.fill(test.store, seed: 7)
            var rng = SeededRandom(seed: 11)
            let settings = try await test.store.settings(workspaceId: data.workspaceId)
            for _ in 0..<250 {
                let filter = Self.randomFilter(&rng, depth: 0)
                var evaluation = AudienceEvaluation(store: test.store, workspaceId: data.workspaceId, settings: settings, now: Self.now)
                let got = try await evaluation.contactIds(matching: filter)
                let expected = data.contacts.filter { Reference.matches(filter, $0, data.events, settings, now: Self.now) }.map(\.id).sorted()
                #expect(got == expected, "\(filter)")
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func randomFunnelsMatchTheReference(kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let data = try await Self.fill(test.store, seed: 21)
            var rng = SeededRandom(seed: 5)
            for _ in 0..<60 {
                let stepCount = Int.random(in: 2...4, using: &rng)
                let steps = (0..<stepCount).map { _ in
                    let event = Self.events[Int.random(in: 0...2, using: &rng)]
                    let conditions = Int.random(in: 0...3, using: &rng) == 0 ? Self.randomConditions(event, &rng) : []
                    return EventSelector(event: event, conditions: conditions)
                }
                let window = Int64.random(in: 1...10, using: &rng) * Self.day
                let from = Self.now - Int64.random(in: 20...60, using: &rng) * Self.day
                let to = from + Int64.random(in: 5...30, using: &rng) * Self.day
                let breakdown: String? = steps[0].event == "ev_a" && Bool.random(using: &rng) ? "sku" : nil
                let got = try await Analytics.funnel(
                    store: test.store, workspaceId: data.workspaceId, steps: steps, window: window, from: from, to: to, breakdown: breakdown)
                let expected = Reference.funnel(steps, window: window, from: from, to: to, breakdown: breakdown, events: data.events)
                #expect(got.steps == expected.steps, "\(steps) \(window) \(from) \(to)")
                if breakdown != nil {
                    #expect(Dictionary(got.breakdown.map { ($0.value, $0.steps) }, uniquingKeysWith: { a, _ in a }) == expected.groups)
                }
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func randomDistributionsMatchTheReference(kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let data = try await Self.fill(test.store, seed: 3)
            var rng = SeededRandom(seed: 9)
            for _ in 0..<20 {
                let event = Self.events[Int.random(in: 0...2, using: &rng)]
                let selector = EventSelector(event: event, conditions: Bool.random(using: &rng) ? Self.randomConditions(event, &rng) : [])
                let interval = BucketInterval.allCases[Int.random(in: 0...3, using: &rng)]
                let zone = TimeZone(identifier: ["Europe/Paris", "America/New_York", "Asia/Kolkata", "UTC"][Int.random(in: 0...3, using: &rng)])!
                let from = Self.now - Int64.random(in: 10...60, using: &rng) * Self.day + 1_234_567
                let to = from + Int64.random(in: 1...40, using: &rng) * Self.day
                let buckets = try TimeBuckets.make(interval: interval, timeZone: zone, from: from, to: to).get()
                let got = try await Analytics.distribution(
                    store: test.store, workspaceId: data.workspaceId, of: selector, buckets: buckets, from: from, to: to)
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = zone
                calendar.firstWeekday = 2
                calendar.minimumDaysInFirstWeek = 4
                var events: [Int64: Int] = [:], contacts: [Int64: Set<Int64>] = [:]
                var matrix = [[Int]](repeating: [Int](repeating: 0, count: 24), count: 7)
                let component: Calendar.Component = [.hour, .day, .weekOfYear, .month][BucketInterval.allCases.firstIndex(of: interval)!]
                for e in data.events where e.event == event && e.time >= from && e.time < to
                    && Reference.matchesAll(selector.conditions, e.properties) {
                    let date = Date(timeIntervalSince1970: Double(e.time) / 1000)
                    let start = Int64(calendar.dateInterval(of: component, for: date)!.start.timeIntervalSince1970 * 1000)
                    events[start, default: 0] += 1
                    contacts[start, default: []].insert(e.contactId)
                    let weekday = (calendar.component(.weekday, from: date) + 5) % 7
                    matrix[weekday][calendar.component(.hour, from: date)] += 1
                }
                #expect(got.hourOfWeek == matrix)
                #expect(got.events.reduce(0, +) == events.values.reduce(0, +))
                for (i, start) in got.bucketStarts.enumerated() {
                    #expect(got.events[i] == events[start, default: 0], "\(interval) \(zone.identifier) \(start)")
                    #expect(got.contacts[i] == contacts[start]?.count ?? 0)
                }
            }
        }
    }

    // MARK: Random inputs

    static func randomConditions(_ event: String, _ rng: inout SeededRandom) -> [PropertyCondition] {
        let count = Int.random(in: 1...2, using: &rng)
        return (0..<count).compactMap { _ in
            switch event {
            case "ev_a":
                if Bool.random(using: &rng) {
                    let ops: [ConditionOperator] = [.eq, .neq, .gt, .gte, .lt, .lte, .in, .exists]
                    let op = ops[Int.random(in: 0..<ops.count, using: &rng)]
                    let v = PropertyValue.number(tenths: Int64.random(in: 0...50, using: &rng) * 5)
                    return PropertyCondition(property: "price", op: op, values: op == .in ? [v, .number(tenths: 100)] : (op == .exists ? [] : [v]),
                                             exists: Bool.random(using: &rng))
                }
                let ops: [ConditionOperator] = [.eq, .neq, .contains, .startsWith, .in, .exists]
                let op = ops[Int.random(in: 0..<ops.count, using: &rng)]
                let v: PropertyValue = op == .contains ? .string(["1", "ed", "blue"][Int.random(in: 0...2, using: &rng)])
                    : op == .startsWith ? .string(["red", "blue-", "x"][Int.random(in: 0...2, using: &rng)]) : .string("red-1")
                return PropertyCondition(property: Bool.random(using: &rng) ? "sku" : "channel", op: op,
                                         values: op == .in ? [v, .string("blue-1")] : (op == .exists ? [] : [v]), exists: Bool.random(using: &rng))
            case "ev_b":
                if Bool.random(using: &rng) {
                    return PropertyCondition(property: "paid", op: [.gt, .lte, .eq][Int.random(in: 0...2, using: &rng)],
                                             values: [.timestamp(millis: now - Int64.random(in: 0...20, using: &rng) * day)])
                }
                return PropertyCondition(property: "page", op: [.contains, .eq, .neq][Int.random(in: 0...2, using: &rng)],
                                         values: [.url("https://a.example/x")])
            default:
                return nil
            }
        }
    }

    static func randomWindow(_ rng: inout SeededRandom) -> TimeWindow? {
        switch Int.random(in: 0...2, using: &rng) {
        case 0: return nil
        case 1: return .last(millis: Int64.random(in: 1...40, using: &rng) * day)
        default:
            let from = now - Int64.random(in: 10...60, using: &rng) * day
            return .between(from: from, to: Bool.random(using: &rng) ? from + Int64.random(in: 1...20, using: &rng) * day : nil)
        }
    }

    static func randomFilter(_ rng: inout SeededRandom, depth: Int) -> AudienceFilter {
        let leaf = depth >= 2 || Int.random(in: 0...2, using: &rng) > 0
        if !leaf {
            let children = (0..<Int.random(in: 0...3, using: &rng)).map { _ in randomFilter(&rng, depth: depth + 1) }
            switch Int.random(in: 0...2, using: &rng) {
            case 0: return .all(children)
            case 1: return .any(children)
            default: return .not(randomFilter(&rng, depth: depth + 1))
            }
        }
        switch Int.random(in: 0...7, using: &rng) {
        case 0, 1, 2:
            let event = events[Int.random(in: 0...2, using: &rng)]
            let counts = [CountCondition.atLeastOne, CountCondition(gte: 3), CountCondition(lt: 2), CountCondition(eq: 0), CountCondition(gt: 1, lte: 4)]
            return .did(DidCondition(event: event, window: randomWindow(&rng), count: counts[Int.random(in: 0..<counts.count, using: &rng)],
                                     conditions: Bool.random(using: &rng) ? randomConditions(event, &rng) : []))
        case 3:
            let conditions = [ValueCondition(op: .eq, values: [.string("pro")]), ValueCondition(op: .neq, values: [.string("free")]),
                              ValueCondition(op: .exists), ValueCondition(op: .in, values: [.string("pro"), .string("team")])]
            let ages = [ValueCondition(op: .gte, values: [.integer(40)]), ValueCondition(op: .lt, values: [.number("30.5")])]
            return Bool.random(using: &rng) ? .attribute(name: "plan", conditions[Int.random(in: 0...3, using: &rng)])
                : .attribute(name: "age", ages[Int.random(in: 0...1, using: &rng)])
        case 4:
            return Bool.random(using: &rng) ? .identifier(.email, ValueCondition(op: .exists, exists: Bool.random(using: &rng)))
                : .identifier(.externalId, ValueCondition(op: .startsWith, values: [.string("u1")]))
        case 5:
            return Bool.random(using: &rng) ? .tag("shoes") : .activeness(lower: Int.random(in: -5...20, using: &rng), upper: Bool.random(using: &rng) ? 30 : nil)
        case 6:
            return .lastEvent(randomWindow(&rng) ?? .last(millis: 5 * day))
        default:
            return .firstEvent(randomWindow(&rng) ?? .last(millis: 70 * day))
        }
    }
}
