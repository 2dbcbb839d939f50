import TernCore

/// Fills a workspace with realistic synthetic data, for demos and benchmarks: the shop's tracking
/// plan (``SyntheticTrackingPlan``), contacts with E.164 phones and emails, and events over the last
/// `days` days with a daily and weekly rhythm, a skewed activity per contact and natural funnels.
///
/// Events go through the workspace's ``EventValidator`` and the store's normal
/// ``Store/record(_:)``, in large transactions, in time order, each received at its own time: the
/// contact rollups are kept as for live traffic, and each contact is created (with its
/// `contact_created` event) at its first event. The same seed, scale and end give the same data.
///
/// ```swift
/// let summary = try await SyntheticWorkspace.generate(
///     into: store, workspaceId: 2, scale: .init(contacts: 1_000, events: 10_000, days: 90), seed: 1, end: now)
/// ```
public enum SyntheticWorkspace {
    public struct Scale: Sendable, Equatable {
        public var contacts: Int
        /// Events sent, beside the `contact_created` Tern records for each contact.
        public var events: Int
        public var days: Int

        public init(contacts: Int, events: Int, days: Int) {
            self.contacts = contacts
            self.events = events
            self.days = days
        }

        /// What is wrong with the scale, in words, or nil.
        public var problem: String? {
            if contacts < 1 || contacts > 100_000_000 { return "contacts must be between 1 and 100,000,000" }
            if events < contacts { return "events must be at least contacts: each contact sends at least one event" }
            if days < 1 || days > 3_650 { return "days must be between 1 and 3,650" }
            return nil
        }
    }

    /// Where the generation is.
    public enum Progress: Sendable {
        /// Every event is planned and sorted by time.
        case planned(events: Int, seconds: Double)
        /// `recorded` of the events are committed.
        case recording(recorded: Int, total: Int, seconds: Double)
    }

    public struct Summary: Sendable, Equatable {
        public var events: Int
        public var contacts: Int
        /// The ids of the definitions created (those the workspace lacked).
        public var definitionsCreated: [String]
        /// Where the time went: planning every event in memory; making and validating the events'
        /// JSON (beside the store, while it records the previous transaction); the store's `record`.
        public var planningSeconds: Double
        public var validatingSeconds: Double
        public var recordingSeconds: Double
    }

    public static func generate(
        into store: any Store, workspaceId: Int64, scale: Scale, seed: UInt64, end: Int64, eventsPerTransaction: Int = 10_000,
        progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async throws -> Summary {
        if let problem = scale.problem { throw SyntheticDataError(problem) }
        guard try await store.workspaces().contains(where: { $0.id == workspaceId }) else {
            throw SyntheticDataError("there is no workspace \(WorkspaceID.format(workspaceId))")
        }
        guard try await store.contacts(workspaceId: workspaceId, filter: .all, after: nil, limit: 1).isEmpty else {
            throw SyntheticDataError(
                "\(WorkspaceID.format(workspaceId)) already has contacts; generate into a new workspace (tern workspace create NAME)")
        }
        let created = try await SyntheticTrackingPlan.ensure(in: store, workspaceId: workspaceId, now: end)
        let validator = EventValidator(definitions: try await store.definitions(workspaceId: workspaceId))

        let clock = ContinuousClock(), started = clock.now
        func seconds() -> Double {
            let elapsed = started.duration(to: clock.now).components
            return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        }
        let people = SyntheticPeople(seed: seed)
        let (plan, phones) = Self.plan(scale: scale, seed: seed, end: end, people: people)
        let planning = seconds()
        progress(.planned(events: plan.count, seconds: planning))

        // The next transaction's events are validated while the store commits the previous one.
        let input = Input(plan: plan, phones: phones, people: people, validator: validator, workspaceId: workspaceId)
        var position = 0
        var (next, preparing) = try input.timedBatches(0..<min(eventsPerTransaction, plan.count))
        var recording = 0.0
        while !next.isEmpty {
            position += next.count
            let upcoming = position..<min(position + eventsPerTransaction, plan.count)
            async let following = input.timedBatches(upcoming)
            let before = seconds()
            let outcomes = try await store.record(next)
            recording += seconds() - before
            for (batch, outcome) in zip(next, outcomes) {
                guard case .recorded = outcome[0] else {
                    throw SyntheticDataError("the store did not record a generated \(batch.events[0].event) event: \(outcome[0])")
                }
            }
            progress(.recording(recorded: position, total: plan.count, seconds: seconds()))
            let prepared = try await following
            next = prepared.batches
            preparing += prepared.seconds
        }
        return Summary(
            events: plan.count, contacts: scale.contacts, definitionsCreated: created, planningSeconds: planning,
            validatingSeconds: preparing, recordingSeconds: recording)
    }

    /// Every event of every contact, sorted by time (then contact), the first of each contact
    /// marked; and each contact's phone, its primary identifier on every event.
    static func plan(scale: Scale, seed: UInt64, end: Int64, people: SyntheticPeople) -> ([PlannedEvent], [String]) {
        let activity = SyntheticActivity(start: end - Int64(scale.days) * DailyRhythm.day, end: end)
        let budgets = people.budgets(contacts: scale.contacts, events: scale.events)
        var plan: [PlannedEvent] = []
        plan.reserveCapacity(scale.events)
        var phones: [String] = []
        phones.reserveCapacity(scale.contacts)
        for contact in 0..<scale.contacts {
            let identity = people.identity(contact)
            phones.append(identity.phone)
            activity.plan(
                contact: contact, budget: budgets[contact], traits: people.traits(contact, identity: identity), seed: seed,
                into: &plan)
        }
        plan.sort { ($0.time, $0.contact) < ($1.time, $1.contact) }
        var seen = [Bool](repeating: false, count: scale.contacts)
        for i in plan.indices where !seen[Int(plan[i].contact)] {
            seen[Int(plan[i].contact)] = true
            plan[i].first = true
        }
        return (plan, phones)
    }

    /// What turns planned events into validated batches; shared by the tasks that prepare them.
    struct Input: Sendable {
        let plan: [PlannedEvent]
        let phones: [String]
        let people: SyntheticPeople
        let validator: EventValidator
        let workspaceId: Int64

        func timedBatches(_ range: Range<Int>) throws -> (batches: [EventBatch], seconds: Double) {
            let clock = ContinuousClock()
            var batches: [EventBatch] = []
            let elapsed = try clock.measure { batches = try self.batches(range) }.components
            return (batches, Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
        }

        /// One batch per event, received at the event's own time, as live traffic would be: each
        /// contact is created at its first event.
        func batches(_ range: Range<Int>) throws -> [EventBatch] {
            try range.map { i in
                let planned = plan[i]
                let contact = Int(planned.contact)
                let identity = planned.first ? people.identity(contact) : SyntheticPeople.Identity(phone: phones[contact])
                let json = SyntheticEvents.json(planned, identity: identity)
                switch validator.validate(json, receivedAt: planned.time, source: .api) {
                case .success(let event):
                    return EventBatch(workspaceId: workspaceId, events: [event], receivedAt: planned.time)
                case .failure(let failure):
                    let problems = failure.errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
                    throw SyntheticDataError("a generated event failed validation (\(problems)): \(JSONWriter.string(json))")
                }
            }
        }
    }
}
