import Foundation
import TernCore
import TernTestSupport
import Testing
@testable import TernStore

/// `tern generate`'s data: complete, valid, rolled up as live traffic would be, reproducible, and
/// shaped like a shop's (rhythm, skew, funnels).
@Suite struct SyntheticWorkspaceTests {
    static let day: Int64 = 86_400_000
    static let now: Int64 = 1_795_600_123_456
    static let small = SyntheticWorkspace.Scale(contacts: 150, events: 2_500, days: 30)

    struct Generated {
        var workspaceId: Int64
        var events: [StoredEvent]
        var contacts: [Contact]
        var summary: SyntheticWorkspace.Summary
    }

    static func generate(
        _ store: any Store, scale: SyntheticWorkspace.Scale = small, seed: UInt64 = 7, name: String = "G"
    ) async throws -> Generated {
        let workspaceId = try await store.createWorkspace(name: name, now: now - 100 * day).workspace.id
        // Small transactions, so the test crosses many of them.
        let summary = try await SyntheticWorkspace.generate(
            into: store, workspaceId: workspaceId, scale: scale, seed: seed, end: now, eventsPerTransaction: 700)
        var events: [StoredEvent] = []
        var cursor: EventCursor?
        while true {
            let page = try await store.events(EventQuery(workspaceId: workspaceId, limit: 5_000, cursor: cursor))
            events += page.events
            guard page.hasMore else { break }
            cursor = page.nextCursor
        }
        var contacts: [Contact] = []
        while true {
            let page = try await store.contacts(workspaceId: workspaceId, filter: .all, after: contacts.last?.id, limit: 1_000)
            contacts += page
            if page.count < 1_000 { break }
        }
        return Generated(workspaceId: workspaceId, events: events, contacts: contacts, summary: summary)
    }

    @Test(arguments: StoreKind.available)
    func theTrackingPlanIsCreatedInGroups(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let generated = try await Self.generate(test.store)
            let stored = try await test.store.definitions(workspaceId: generated.workspaceId)
            let expected = try SyntheticTrackingPlan.definitions(stages: LifecycleStages.default.stages, now: Self.now)
            #expect(generated.summary.definitionsCreated == expected.map(\.id))
            for definition in expected {
                let match = stored.first { $0.id == definition.id }
                #expect(match?.properties == definition.properties, "\(definition.id)")
                #expect(match?.group == definition.group, "\(definition.id)")
                #expect(match?.stage == definition.stage, "\(definition.id)")
            }
            let groups = try await test.store.eventGroups(workspaceId: generated.workspaceId)
            #expect(groups.map(\.name) == ["Account", "Messaging", "Search", "Shop"])
        }
    }

    @Test(arguments: StoreKind.available)
    func countsAreExactAndEveryContactHasItsIdentifiers(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let generated = try await Self.generate(test.store)
            #expect(generated.summary.events == Self.small.events)
            #expect(generated.contacts.count == Self.small.contacts)
            let created = generated.events.filter { $0.event == "contact_created" }
            #expect(generated.events.count - created.count == Self.small.events)
            #expect(Set(created.map(\.contactId)) == Set(generated.contacts.map(\.id)))
            let badPhones = generated.contacts.map { $0.phone ?? "none" }.filter { (try? PhoneNumber.normalize($0).get()) != $0 }
            #expect(badPhones.isEmpty, "\(badPhones)")
            let badEmails = generated.contacts.compactMap(\.email).filter { Email.normalize($0) != $0 }
            #expect(badEmails.isEmpty, "\(badEmails)")
            #expect(generated.contacts.filter { $0.email != nil }.count > Self.small.contacts / 2)
            #expect(generated.contacts.contains { $0.externalId != nil })
            // Every event is in the period, and each contact is created at its first event.
            #expect(generated.events.allSatisfy { $0.time > Self.now - 30 * Self.day && $0.time <= Self.now })
            let firstTimes = Dictionary(grouping: generated.events, by: \.contactId).mapValues { $0.map(\.time).min() }
            let lateCreations = created.filter { $0.time != firstTimes[$0.contactId] }
            #expect(lateCreations.isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func eventsPassTheValidatorAsStored(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let generated = try await Self.generate(test.store)
            let validator = EventValidator(definitions: try await test.store.definitions(workspaceId: generated.workspaceId))
            for event in generated.events where event.event != "contact_created" {
                var json: JSONObject = [
                    "event": .string(event.event), "time": .integer(event.time), "contactId": .string(ContactID.format(event.contactId)),
                    "properties": .object(JSONObject(event.properties.mapValues(\.canonicalJSON))),
                ]
                if !event.contentTags.isEmpty { json["contentTags"] = .array(event.contentTags.map(JSONValue.string)) }
                switch validator.validate(.object(json), receivedAt: event.receivedAt, source: .api) {
                case .success(let validated):
                    #expect(validated.properties == event.properties)
                    #expect(validated.contentTags == event.contentTags)
                    #expect(validated.score == event.score && validated.stage == event.stage)
                case .failure(let failure):
                    Issue.record("\(event.event) at \(event.time): \(failure.errors)")
                }
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func rollupsEqualARebuild(_ kind: StoreKind) async throws {
        try await TestStore.with(kind) { test in
            let generated = try await Self.generate(test.store)
            let incremental = try await test.store.rollups(workspaceId: generated.workspaceId)
            try await test.store.rebuildRollups(workspaceId: generated.workspaceId)
            let rebuilt = try await test.store.rollups(workspaceId: generated.workspaceId)
            #expect(incremental == rebuilt)
            #expect(rebuilt.values.contains { $0.stage == "customer" })
            #expect(rebuilt.values.contains { !$0.tags.isEmpty })
        }
    }

    @Test func theSameSeedGivesTheSameDataAndAnotherSeedOther() async throws {
        try await TestStore.with(.sqlite) { test in
            let first = try await Self.generate(test.store, name: "A")
            let again = try await Self.generate(test.store, name: "B")
            let other = try await Self.generate(test.store, seed: 8, name: "C")
            #expect(Self.content(first) == Self.content(again))
            #expect(Self.content(first) != Self.content(other))
            #expect(first.contacts.map(\.phone) == again.contacts.map(\.phone))
        }
    }

    /// Events as stored, in the order stored, with the contact's phone instead of its id.
    static func content(_ generated: Generated) -> [String] {
        let phones = Dictionary(uniqueKeysWithValues: generated.contacts.map { ($0.id, $0.phone ?? "") })
        return generated.events.map { event in
            let properties = JSONWriter.string(.object(JSONObject(event.properties.mapValues(\.storedJSON))))
            return "\(event.event) \(event.time) \(phones[event.contactId] ?? "?") \(properties) \(event.contentTags)"
        }
    }

    @Test func theDataHasAShopsShape() async throws {
        let scale = SyntheticWorkspace.Scale(contacts: 3_000, events: 40_000, days: 90)
        try await TestStore.with(.sqlite) { test in
            let generated = try await Self.generate(test.store, scale: scale, seed: 3)
            let events = generated.events.filter { $0.event != "contact_created" }

            // Daily rhythm: the evening is much busier than the night.
            func hour(_ time: Int64) -> Int { Int(time % Self.day / 3_600_000) }
            let evening = events.filter { (19...21).contains(hour($0.time)) }.count
            let night = events.filter { (2...4).contains(hour($0.time)) }.count
            #expect(evening > 5 * night, "evening \(evening), night \(night)")

            // Weekly rhythm: weekend days are busier, and their mornings later.
            func weekend(_ time: Int64) -> Bool { DailyRhythm.weekday(ofDay: time / Self.day) >= 5 }
            let weekendShare = Double(events.filter { weekend($0.time) }.count) / Double(events.count)
            #expect(weekendShare > 2.0 / 7 * 1.1, "weekend share \(weekendShare)")
            func morningShare(_ subset: [StoredEvent]) -> Double {
                Double(subset.filter { (7...9).contains(hour($0.time)) }.count) / Double(subset.count)
            }
            #expect(morningShare(events.filter { weekend($0.time) }) < 0.7 * morningShare(events.filter { !weekend($0.time) }))

            // Skewed activity: the most active tenth sends a large share, half the contacts very little.
            let perContact = Dictionary(grouping: events, by: \.contactId).mapValues(\.count).values.sorted(by: >)
            let top = perContact.prefix(scale.contacts / 10).reduce(0, +)
            #expect(Double(top) > 0.35 * Double(events.count), "top tenth \(top) of \(events.count)")
            #expect(perContact[perContact.count / 2] <= 6, "median \(perContact[perContact.count / 2])")

            // Funnels with drop-off at each step, and a 7-day window that matters.
            let count = { (name: String) in Set(events.filter { $0.event == name }.map(\.contactId)).count }
            let viewed = count(SyntheticTrackingPlan.productViewed), carted = count(SyntheticTrackingPlan.addedToCart)
            let checkedOut = count(SyntheticTrackingPlan.checkoutStarted), ordered = count(SyntheticTrackingPlan.orderCompleted)
            #expect(viewed > carted && carted > checkedOut && checkedOut > ordered && ordered > 0, "\(viewed) \(carted) \(checkedOut) \(ordered)")
            let steps = [SyntheticTrackingPlan.productViewed, SyntheticTrackingPlan.addedToCart, SyntheticTrackingPlan.orderCompleted]
                .map { EventSelector(event: $0) }
            func reached(window: Int64) async throws -> Int {
                try await Analytics.funnel(
                    store: test.store, workspaceId: generated.workspaceId, steps: steps, window: window,
                    from: Self.now - 90 * Self.day, to: Self.now, breakdown: nil
                ).steps[2].contacts
            }
            let withinHour = try await reached(window: 3_600_000)
            let withinWeek = try await reached(window: 7 * Self.day)
            let withinMonth = try await reached(window: 30 * Self.day)
            // Orders follow views by minutes to days, some by more than a week.
            #expect(withinHour < withinWeek && withinWeek < withinMonth, "\(withinHour) within an hour, \(withinWeek) a week, \(withinMonth) a month")
        }
    }
}
