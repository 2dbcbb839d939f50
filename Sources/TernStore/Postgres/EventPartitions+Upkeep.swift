/// Creates the coming months' event partitions ahead of time, as a recurring job: the job of a
/// month is keyed by the month, runs at its start, creates it and the next ``EventPartitions/monthsAhead``
/// months, and adds the next month's job. Every node adds the current month's job when it
/// starts; the key makes that one job, so with several nodes the upkeep runs once a month.
public struct EventPartitionUpkeep: JobHandler {
    public static let kind = "events.partitions"
    public var kind: String { Self.kind }
    let store: PostgresStore

    public init(store: PostgresStore) { self.store = store }

    public func jobsAtStart(now: Int64) -> [JobRequest] {
        [Self.job(for: EventMonth(containing: now))]
    }

    public func run(_ job: ClaimedJob, now: Int64) async throws -> JobResult {
        // A job that runs late (every node was down) still looks ahead of the present month.
        let month = EventMonth(containing: max(job.runAt, now))
        try await store.partitions.ensureAhead(of: month.start, store: store)
        _ = try await store.enqueue([Self.job(for: month.next)], now: now)
        return .done
    }

    static func job(for month: EventMonth) -> JobRequest {
        let key = "\(month.year)-\(month.month < 10 ? "0" : "")\(month.month)"
        return JobRequest(
            workspaceId: JobRequest.systemWorkspaceId, kind: kind, key: key, payload: #"{"month":"\#(key)"}"#, runAt: month.start)
    }
}
