/// The one mechanism for work that happens later (a journey step after a wait, a webhook retry,
/// partition upkeep): durable rows claimed by time. A claim is a lease: a node that dies holding
/// one loses it when the lease ends, and another node takes the job over. A job is finished once:
/// only the claim that holds it may complete it.
///
/// ```swift
/// _ = try await queue.enqueue([JobRequest(workspaceId: 1, kind: "webhook", payload: "{}", runAt: now)], now: now)
/// for job in try await queue.claim(kinds: ["webhook"], owner: "node-a", now: now, lease: 30_000, limit: 10) {
///     try await deliver(job)
///     _ = try await queue.complete(job, now: systemClock())
/// }
/// ```
public protocol JobQueue: Sendable {
    /// Adds jobs and returns their ids, in order. A job with a `key` already queued or done under
    /// the same workspace and kind is not added again: its id is returned.
    func enqueue(_ jobs: [JobRequest], now: Int64) async throws -> [Int64]
    /// Leases to `owner`, until `now + lease` ms, up to `limit` jobs of `kinds` that are due: never
    /// run, or put back, or whose previous lease has ended. Earliest `runAt` first. Concurrent
    /// claimers, on any node, never get the same job at once.
    func claim(kinds: Set<String>, owner: String, now: Int64, lease: Int64, limit: Int) async throws -> [ClaimedJob]
    /// Extends the lease of a job this claim holds until `leaseUntil`, so its handler may run
    /// longer than one lease; false when this claim no longer holds it.
    func renew(_ job: ClaimedJob, until leaseUntil: Int64) async throws -> Bool
    /// Marks the job done; false when this claim no longer holds it (its lease ended and another
    /// claim took the job), in which case the other claim finishes it.
    func complete(_ job: ClaimedJob, now: Int64) async throws -> Bool
    /// Puts the job back to run at `retryAt`, noting why; false when this claim no longer holds it.
    func release(_ job: ClaimedJob, retryAt: Int64, error: String, now: Int64) async throws -> Bool
    /// Ends the job for good, noting why (a payload that can never succeed): it is not run again.
    /// False when this claim no longer holds it.
    func fail(_ job: ClaimedJob, error: String, now: Int64) async throws -> Bool
    /// The job as stored, for tests and the console; nil if there is none.
    func job(id: Int64) async throws -> JobRecord?
}

/// A job to add: what to do (`kind`, `payload` as JSON text), for which workspace, and when.
public struct JobRequest: Sendable, Equatable {
    /// The `workspaceId` of Tern's own jobs, which belong to no workspace (partition upkeep).
    public static let systemWorkspaceId: Int64 = 0

    public var workspaceId: Int64
    public var kind: String
    /// Makes adding idempotent: one job per (workspace, kind, key).
    public var key: String?
    public var payload: String
    /// UTC milliseconds.
    public var runAt: Int64

    public init(workspaceId: Int64, kind: String, key: String? = nil, payload: String, runAt: Int64) {
        self.workspaceId = workspaceId
        self.kind = kind
        self.key = key
        self.payload = payload
        self.runAt = runAt
    }
}

/// A job leased to one claimer. `attempt` tells this claim apart from earlier and later ones.
public struct ClaimedJob: Sendable, Equatable {
    public var id: Int64
    public var workspaceId: Int64
    public var kind: String
    public var payload: String
    public var runAt: Int64
    /// 1 for the first claim of the job, 2 for the next, …
    public var attempt: Int
    public var leaseUntil: Int64

    public init(id: Int64, workspaceId: Int64, kind: String, payload: String, runAt: Int64, attempt: Int, leaseUntil: Int64) {
        self.id = id
        self.workspaceId = workspaceId
        self.kind = kind
        self.payload = payload
        self.runAt = runAt
        self.attempt = attempt
        self.leaseUntil = leaseUntil
    }
}

/// A job as stored.
public struct JobRecord: Sendable, Equatable {
    public enum State: String, Sendable {
        case queued
        case done
        /// Ended by ``JobQueue/fail(_:error:now:)``: never run again; `lastError` says why.
        case failed
    }

    public var id: Int64
    public var workspaceId: Int64
    public var kind: String
    public var key: String?
    public var payload: String
    public var runAt: Int64
    public var state: State
    public var attempts: Int
    /// Who holds or last held the lease.
    public var owner: String?
    public var leaseUntil: Int64?
    public var lastError: String?
    /// When the job was done or failed.
    public var doneAt: Int64?

    public init(
        id: Int64, workspaceId: Int64, kind: String, key: String?, payload: String, runAt: Int64, state: State, attempts: Int,
        owner: String?, leaseUntil: Int64?, lastError: String?, doneAt: Int64?
    ) {
        self.id = id
        self.workspaceId = workspaceId
        self.kind = kind
        self.key = key
        self.payload = payload
        self.runAt = runAt
        self.state = state
        self.attempts = attempts
        self.owner = owner
        self.leaseUntil = leaseUntil
        self.lastError = lastError
        self.doneAt = doneAt
    }
}
