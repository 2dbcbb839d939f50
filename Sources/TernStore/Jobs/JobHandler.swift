/// Runs the jobs of one kind for a job runner. A job may run more than once (its node may die
/// after the work and before the job is marked done), so a handler's effect must be idempotent.
public protocol JobHandler: Sendable {
    /// The kind of job this handler runs, e.g. `event.record`.
    var kind: String { get }
    /// Jobs to add when a runner starts: the first of a recurring chain. Enqueued with a key, so
    /// that every node adding the same one makes one job.
    func jobsAtStart(now: Int64) -> [JobRequest]
    /// Does the job. A thrown error means "try again later"; ``JobResult/failed(_:)`` means never.
    func run(_ job: ClaimedJob, now: Int64) async throws -> JobResult
}

extension JobHandler {
    public func jobsAtStart(now: Int64) -> [JobRequest] { [] }
}

/// How a job ended, when its handler did not throw.
public enum JobResult: Sendable, Equatable {
    case done
    /// The job can never succeed (e.g. its payload is invalid): it ends with this error, not retried.
    case failed(String)
}
